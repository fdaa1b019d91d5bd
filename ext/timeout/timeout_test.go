package timeout_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/timeout"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

const limit = 20 * time.Millisecond

// patience bounds how long a test handler waits for a cancellation that
// should come after limit, so that a broken middleware fails the test
// instead of hanging it.
const patience = 5 * time.Second

var errDB = errors.New("db: query failed")

// shared is a response a responder returns to every request.
var shared = iron.With(iron.JSON, `{"error":"timeout"}`)

// cooperative waits for its context like a well-behaved handler.
var cooperative = iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
	select {
	case <-req.Context().Done():
		return nil, req.Context().Err()
	case <-time.After(patience):
		return iron.With(http.StatusOK, "too slow to notice"), nil
	}
})

// closeTracker is a response body that records whether it was closed.
type closeTracker struct {
	*strings.Reader
	closed atomic.Bool
}

func (c *closeTracker) Close() error { c.closed.Store(true); return nil }

func bodyOf(t *testing.T, res *iron.Response) string {
	t.Helper()
	var b strings.Builder
	_, err := res.Body().WriteTo(&b)
	require.NoError(t, err)
	return b.String()
}

func mustNew(t *testing.T, opts ...timeout.Option) *timeout.Timeout {
	t.Helper()
	return timeout.New(limit, opts...)
}

func TestDeadline(t *testing.T) {
	late := &closeTracker{Reader: strings.NewReader("late")}
	for _, tc := range []struct {
		name       string
		handler    iron.Handler
		opts       []timeout.Option
		wantStatus int
		wantBody   string
		wantErrs   []error // errors.Is targets; nil means no error
	}{
		{
			name:       "in time",
			handler:    iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return iron.With(http.StatusOK, "fast"), nil }),
			wantStatus: 200, wantBody: "fast",
		},
		{
			name: "error in time passes on",
			handler: iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
				return nil, iron.NewError(errDB, http.StatusBadGateway, "upstream")
			}),
			wantStatus: 502, wantBody: "upstream", wantErrs: []error{errDB},
		},
		{
			name:       "cooperative handler cancelled",
			handler:    cooperative,
			wantStatus: 503, wantBody: "Service Unavailable",
			wantErrs: []error{timeout.ErrTimeout, context.DeadlineExceeded},
		},
		{
			name:       "504 configured",
			handler:    cooperative,
			opts:       []timeout.Option{timeout.Status(http.StatusGatewayTimeout)},
			wantStatus: 504, wantBody: "Gateway Timeout",
			wantErrs: []error{timeout.ErrTimeout, context.DeadlineExceeded},
		},
		{
			name:    "custom responder",
			handler: cooperative,
			opts: []timeout.Option{timeout.Responder(func(req *iron.Request, err error) *iron.Response {
				if !errors.Is(err, timeout.ErrTimeout) {
					return nil
				}
				return iron.With(http.StatusServiceUnavailable, iron.JSON, `{"error":"timeout","path":"`+req.Path()+`"}`)
			})},
			wantStatus: 503, wantBody: `{"error":"timeout","path":"/slow"}`,
			wantErrs: []error{timeout.ErrTimeout},
		},
		{
			name:    "responder without a status",
			handler: cooperative,
			opts: []timeout.Option{timeout.Status(http.StatusGatewayTimeout),
				timeout.Responder(func(*iron.Request, error) *iron.Response { return shared })},
			wantStatus: 504, wantBody: `{"error":"timeout"}`,
			wantErrs: []error{timeout.ErrTimeout},
		},
		{
			name: "handler ignoring its context answers late",
			handler: iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
				<-req.Context().Done() // stands for work that overruns
				return iron.With(http.StatusOK, late), nil
			}),
			wantStatus: 503, wantBody: "Service Unavailable",
			wantErrs: []error{timeout.ErrTimeout, context.DeadlineExceeded},
		},
		{
			name: "late handler error is kept",
			handler: iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
				<-req.Context().Done()
				return nil, errDB
			}),
			wantStatus: 503, wantBody: "Service Unavailable",
			wantErrs: []error{timeout.ErrTimeout, context.DeadlineExceeded, errDB},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := chain.New(tc.handler).LinkAround(mustNew(t, tc.opts...))
			res, err := c.Handle(iron.NewRequest("GET", "/slow", nil))
			if tc.wantErrs == nil {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
				for _, target := range tc.wantErrs {
					assert.ErrorIs(t, err, target)
				}
				assert.Nil(t, res)
				res = iron.ErrorResponse(err)
			}
			assert.Equal(t, tc.wantStatus, res.StatusCode())
			assert.Equal(t, tc.wantBody, bodyOf(t, res))
		})
	}
	assert.True(t, late.closed.Load(), "the dropped late body was closed")
	assert.Zero(t, shared.Status, "the responder's response was not changed")
}

func TestClientGoneIsNotATimeout(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	cancel() // the client went away before the deadline
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		<-req.Context().Done()
		return iron.With(http.StatusOK, "whatever"), nil
	})
	req := iron.NewRequest("GET", "/", nil)
	req.SetContext(parent)
	res, err := chain.New(h).LinkAround(mustNew(t)).Handle(req)
	require.NoError(t, err)
	assert.Equal(t, 200, res.Status)
}

func TestContextSeenAndRestored(t *testing.T) {
	parent := context.WithValue(context.Background(), ctxKey{}, "kept")
	var inHandler context.Context
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		inHandler = req.Context()
		return iron.With(http.StatusOK), nil
	})
	var inAfter context.Context
	after := iron.AfterFunc(func(req *iron.Request, res *iron.Response) (*iron.Response, error) {
		inAfter = req.Context()
		return res, nil
	})
	req := iron.NewRequest("GET", "/", nil)
	req.SetContext(parent)
	start := time.Now()
	_, err := chain.New(h).LinkAround(mustNew(t)).LinkAfter(after).Handle(req)
	require.NoError(t, err)

	deadline, ok := inHandler.Deadline()
	require.True(t, ok, "the handler's context has a deadline")
	assert.WithinDuration(t, start.Add(limit), deadline, time.Second)
	assert.Equal(t, "kept", inHandler.Value(ctxKey{}), "values of the parent are visible")
	assert.ErrorIs(t, inHandler.Err(), context.Canceled, "the handler's context is released once it returns")
	assert.Equal(t, parent, inAfter, "later middleware see the earlier context")
}

type ctxKey struct{}

func TestHandlerSeesTheCause(t *testing.T) {
	var cause error
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		<-req.Context().Done()
		cause = context.Cause(req.Context())
		return nil, req.Context().Err()
	})
	_, err := chain.New(h).LinkAround(mustNew(t)).Handle(iron.NewRequest("GET", "/", nil))
	require.Error(t, err)
	assert.ErrorIs(t, cause, timeout.ErrTimeout, "context.Cause tells this deadline from the engine's")
}

func TestContextRestoredWhenTheHandlerPanics(t *testing.T) {
	parent := context.WithValue(context.Background(), ctxKey{}, "kept")
	// A recovery around outside the timeout turns the panic into an error.
	recoverAround := iron.AroundFunc(func(next iron.Handler) iron.Handler {
		return iron.HandlerFunc(func(req *iron.Request) (res *iron.Response, err error) {
			defer func() {
				if p := recover(); p != nil {
					err = errors.New("recovered")
				}
			}()
			return next.Handle(req)
		})
	})
	var inCatch context.Context
	catcher := catchAfter(func(req *iron.Request, err error) (*iron.Response, error) {
		inCatch = req.Context()
		return nil, err
	})
	h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { panic("bug") })
	req := iron.NewRequest("GET", "/", nil)
	req.SetContext(parent)
	_, err := chain.New(h).LinkAround(recoverAround, mustNew(t)).LinkAfter(catcher).Handle(req)
	require.Error(t, err)
	assert.Equal(t, parent, inCatch, "the earlier context is back for the error path")
}

type catchAfter func(req *iron.Request, err error) (*iron.Response, error)

func (f catchAfter) After(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
	return res, nil
}
func (f catchAfter) CatchAfter(req *iron.Request, err error) (*iron.Response, error) {
	return f(req, err)
}

func TestConcurrentRequests(t *testing.T) {
	// Half the requests overrun; run them at once under -race.
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if req.Path() == "/slow" {
			return cooperative(req)
		}
		return iron.With(http.StatusOK, "fast"), nil
	})
	c := chain.New(h).LinkAround(mustNew(t))
	var wg sync.WaitGroup
	var slow503, fast200 atomic.Int32
	for i := range 20 {
		path := "/fast"
		if i%2 == 0 {
			path = "/slow"
		}
		wg.Go(func() {
			res, err := c.Handle(iron.NewRequest("GET", path, nil))
			if err != nil {
				res = iron.ErrorResponse(err)
			}
			switch {
			case path == "/slow" && res.StatusCode() == 503:
				slow503.Add(1)
			case path == "/fast" && res.StatusCode() == 200:
				fast200.Add(1)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, int32(10), slow503.Load())
	assert.Equal(t, int32(10), fast200.Load())
}

func TestInvalidConfiguration(t *testing.T) {
	for _, tc := range []struct {
		name  string
		limit time.Duration
		opt   timeout.Option
		want  string
	}{
		{"zero limit", 0, nil, "timeout: New(0s): the limit must be positive"},
		{"negative limit", -time.Second, nil, "timeout: New(-1s): the limit must be positive"},
		{"status 500", time.Second, timeout.Status(500), "timeout: Status(500): must be 503 or 504"},
		{"nil responder", time.Second, timeout.Responder(nil), "timeout: Responder(nil): a function is required"},
		{"nil skip", time.Second, timeout.Skip(nil), "timeout: Skip(nil): a function is required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.PanicsWithError(t, tc.want, func() { timeout.New(tc.limit, tc.opt) })
		})
	}
}

func TestSkip(t *testing.T) {
	to := timeout.New(10*time.Millisecond, timeout.Skip(func(req *iron.Request) bool { return req.Path() == "/poll" }))
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if _, ok := req.Context().Deadline(); ok {
			return iron.With(http.StatusOK, "deadline"), nil
		}
		return iron.With(http.StatusOK, "none"), nil
	})
	for path, want := range map[string]string{"/poll": "none", "/page": "deadline"} {
		res, err := chain.New(h).LinkAround(to).Handle(iron.NewRequest("GET", path, nil))
		require.NoError(t, err)
		assert.Equal(t, want, bodyOf(t, res), path)
	}
}
