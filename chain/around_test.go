package chain_test

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
)

// tracer appends to a shared log, so tests can assert the order in which
// middleware ran.
type tracer struct {
	name string
	log  *[]string
}

func (t tracer) Before(*iron.Request) error { *t.log = append(*t.log, t.name+".before"); return nil }

func (t tracer) After(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
	*t.log = append(*t.log, t.name+".after")
	return res, nil
}

func (t tracer) Around(next iron.Handler) iron.Handler {
	return iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		*t.log = append(*t.log, t.name+".in")
		res, err := next.Handle(req)
		*t.log = append(*t.log, t.name+".out")
		return res, err
	})
}

func loggingHandler(log *[]string) iron.Handler {
	return iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		*log = append(*log, "handler")
		return iron.With(200, "ok"), nil
	})
}

func TestAroundsWrapOnlyTheHandlerFirstLinkedOutermost(t *testing.T) {
	var log []string
	c := chain.New(loggingHandler(&log))
	c.LinkAround(tracer{"a1", &log})
	c.LinkBefore(tracer{"b", &log})
	c.LinkAround(tracer{"a2", &log})
	c.LinkAfter(tracer{"f", &log})

	res, err := c.Handle(iron.NewRequest("GET", "/", nil))
	require.NoError(t, err)
	assert.Equal(t, 200, res.Status)
	assert.Equal(t, []string{"b.before", "a1.in", "a2.in", "handler", "a2.out", "a1.out", "f.after"}, log)
}

func TestLinkLinksEveryRole(t *testing.T) {
	var log []string
	c := chain.New(loggingHandler(&log)).Link(tracer{"m", &log})
	_, err := c.Handle(iron.NewRequest("GET", "/", nil))
	require.NoError(t, err)
	assert.Equal(t, []string{"m.before", "m.in", "handler", "m.out", "m.after"}, log)
}

func TestLinkPanicsOnNonMiddleware(t *testing.T) {
	c := chain.New(loggingHandler(new([]string)))
	assert.PanicsWithValue(t, "chain: Link(int): not a before, after or around middleware", func() { c.Link(42) })
	assert.Panics(t, func() { chain.New(nil) })
	assert.Panics(t, func() { c.LinkBefore(nil) })
}

func TestLinkAfterServingPanics(t *testing.T) {
	c := chain.New(loggingHandler(new([]string)))
	_, err := c.Handle(iron.NewRequest("GET", "/", nil))
	require.NoError(t, err)
	assert.PanicsWithValue(t, "chain: LinkBefore after the chain started serving requests", func() {
		c.LinkBefore(iron.BeforeFunc(func(*iron.Request) error { return nil }))
	})
}

var errAround = errors.New("around refused")

// An around that fails is the handler failing: afters take the error path.
func TestAroundThatFails(t *testing.T) {
	var log []string
	c := chain.New(loggingHandler(&log))
	c.LinkAround(iron.AroundFunc(func(iron.Handler) iron.Handler {
		return iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return nil, errAround })
	}))
	caught := false
	c.LinkAfter(catchAll{func(err error) { caught = errors.Is(err, errAround) }})

	res, err := c.Handle(iron.NewRequest("GET", "/", nil))
	require.NoError(t, err)
	assert.True(t, caught, "CatchAfter sees the around's error")
	assert.Empty(t, log, "the inner handler never ran")
	assert.Equal(t, 503, res.Status)
}

type catchAll struct{ seen func(error) }

func (c catchAll) After(_ *iron.Request, res *iron.Response) (*iron.Response, error) { return res, nil }

func (c catchAll) CatchAfter(_ *iron.Request, err error) (*iron.Response, error) {
	c.seen(err)
	return iron.With(503, "recovered"), nil
}

// A chain is a handler: an inner chain's error flows into the outer chain's
// error path, and its response through the outer afters.
func TestNestedChains(t *testing.T) {
	var log []string
	inner := chain.New(loggingHandler(&log))
	inner.Link(tracer{"inner", &log})
	outer := chain.New(inner).Link(tracer{"outer", &log})

	res, err := outer.Handle(iron.NewRequest("GET", "/", nil))
	require.NoError(t, err)
	assert.Equal(t, 200, res.Status)
	assert.Equal(t, []string{
		"outer.before", "outer.in", "inner.before", "inner.in", "handler",
		"inner.out", "inner.after", "outer.out", "outer.after",
	}, log)

	failing := chain.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return nil, errAround }))
	var seen error
	outer2 := chain.New(failing).LinkAfter(catchAll{func(err error) { seen = err }})
	res, err = outer2.Handle(iron.NewRequest("GET", "/", nil))
	require.NoError(t, err)
	assert.ErrorIs(t, seen, errAround)
	assert.Equal(t, 503, res.Status)
}

// Many goroutines share one chain; per-request state lives in extensions.
func TestConcurrentRequestsShareTheChain(t *testing.T) {
	id := iron.NewKey[int]("id")
	c := chain.New(iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		v, _ := iron.Get(req, id)
		return iron.With(200 + v%2), nil
	}))
	c.LinkBefore(iron.BeforeFunc(func(req *iron.Request) error {
		n, _ := req.Body().Read(make([]byte, 1))
		iron.Set(req, id, n)
		return nil
	}))
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			for range 50 {
				var body []byte
				if i%2 == 1 {
					body = []byte("x")
				}
				res, err := c.Handle(iron.NewRequest("POST", "/", bytesReader(body)))
				if assert.NoError(t, err) {
					assert.Equal(t, 200+i%2, res.Status)
				}
			}
		})
	}
	wg.Wait()
}

// The chain allocates nothing per request, copies of shared responses
// included, and neither do middleware that set headers with SetHeader and
// AddHeader, or with Header.Add on a header that has one value.
func TestHandleAllocatesNothing(t *testing.T) {
	ok := iron.With(200, "ok", http.Header{"Vary": {"Cookie"}, "Cache-Control": {"no-cache"}})
	c := chain.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return ok, nil }))
	c.LinkBefore(iron.BeforeFunc(func(*iron.Request) error { return nil }))
	c.LinkAround(iron.AroundFunc(func(next iron.Handler) iron.Handler { return next }))
	c.LinkAround(iron.AroundFunc(func(next iron.Handler) iron.Handler {
		return iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
			res, err := next.Handle(req)
			if err == nil {
				res.SetHeader("X-Around", "1")
			}
			return res, err
		})
	}))
	c.LinkAfter(iron.AfterFunc(func(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
		res.SetHeader("X-Frame-Options", "DENY")
		res.Header.Add("Vary", "Origin")
		return res, nil
	}))
	c.LinkAfter(iron.AfterFunc(func(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
		res.AddHeader("Vary", "Accept-Encoding")
		return res, nil
	}))
	var slot iron.Slot
	in := &iron.Incoming{Method: "GET", Target: "/"}
	serve := func() {
		slot.Reset(in)
		if _, err := c.Handle(slot.Request()); err != nil {
			t.Fatal(err)
		}
	}
	serve()
	assert.Zero(t, testing.AllocsPerRun(100, serve))
	res, err := c.Handle(slot.Request())
	require.NoError(t, err)
	assert.Equal(t, []string{"Cookie", "Origin", "Accept-Encoding"}, res.Header["Vary"])
	assert.Equal(t, "1", res.Header.Get("X-Around"))
	assert.Equal(t, []string{"Cookie"}, ok.Header["Vary"])
}

// An Around that returns nil or panics fails every request with an error
// that names it and says what it did, not the first request alone.
func TestAroundThatFailsToBuild(t *testing.T) {
	type broken struct{ iron.AroundFunc }
	for _, tc := range []struct {
		name   string
		around iron.AroundMiddleware
		want   []string
	}{
		{"nil handler", broken{func(iron.Handler) iron.Handler { return nil }},
			[]string{"chain: building the arounds failed: chain_test.broken.Around returned a nil handler"}},
		{"panic", broken{func(iron.Handler) iron.Handler { panic("no config") }},
			[]string{"chain: building the arounds failed: chain_test.broken.Around panicked: no config", "around_test.go"}},
		{"panic with an error", broken{func(iron.Handler) iron.Handler { panic(errAround) }},
			[]string{"chain_test.broken.Around panicked: around refused"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := chain.New(loggingHandler(new([]string)))
			c.LinkAround(tracer{"outer", new([]string)}, tc.around)
			for range 3 {
				func() {
					defer func() {
						p := recover()
						err, ok := p.(error)
						require.True(t, ok, "panics with an error, got %v", p)
						assert.ErrorIs(t, err, chain.ErrBuild)
						if tc.name == "panic with an error" {
							assert.ErrorIs(t, err, errAround)
						}
						for _, s := range tc.want {
							assert.Contains(t, err.Error(), s)
						}
					}()
					_, _ = c.Handle(iron.NewRequest("GET", "/", nil))
				}()
			}
		})
	}
}

// Served, a chain whose Around panicked answers every request with a 500
// and logs why, every time.
func TestAroundThatPanicsIsLoggedEveryTime(t *testing.T) {
	c := chain.New(loggingHandler(new([]string)))
	c.LinkAround(iron.AroundFunc(func(iron.Handler) iron.Handler { panic("no config") }))
	var logs strings.Builder
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	var slot iron.Slot
	for range 3 {
		slot.Reset(&iron.Incoming{Method: "GET", Target: "/"})
		assert.Equal(t, 500, slot.Respond(c, logger).StatusCode())
	}
	assert.Equal(t, 3, strings.Count(logs.String(), "panicked: no config"), logs.String())
}

// A handler that answers nil still gives afters a response to look at: the
// empty 404 the server would send.
func TestAftersNeverSeeNil(t *testing.T) {
	c := chain.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return nil, nil }))
	c.LinkAfter(iron.AfterFunc(func(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
		require.NotNil(t, res)
		res.SetHeader("X-Seen", "yes")
		return res, nil
	}))
	res, err := c.Handle(iron.NewRequest("GET", "/", nil))
	require.NoError(t, err)
	assert.Equal(t, 404, res.StatusCode())
	assert.Equal(t, "yes", res.Header.Get("X-Seen"))
}

type closer struct {
	io.Reader
	closed *bool
}

func (c closer) Close() error { *c.closed = true; return nil }

// An after that fails drops the response it was given; its body is closed.
func TestFailingAfterClosesDroppedBody(t *testing.T) {
	closed := false
	c := chain.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(200, closer{strings.NewReader("file"), &closed}), nil
	}))
	c.LinkAfter(iron.AfterFunc(func(*iron.Request, *iron.Response) (*iron.Response, error) {
		return nil, errAround
	}))
	_, err := c.Handle(iron.NewRequest("GET", "/", nil))
	assert.ErrorIs(t, err, errAround)
	assert.True(t, closed)
}

// A handler or catch that answers both a response and an error has its
// response dropped on the error path, and the body behind it closed.
func TestResponseReturnedWithAnErrorIsClosed(t *testing.T) {
	for _, tc := range []struct {
		name  string
		build func(body io.Reader) *chain.Chain
	}{
		{"handler", func(body io.Reader) *chain.Chain {
			return chain.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
				return iron.With(200, body), errAround
			}))
		}},
		{"after catch", func(body io.Reader) *chain.Chain {
			c := chain.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return nil, errAround }))
			return c.LinkAfter(catchWith{iron.With(200, body)})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			closed := false
			res, err := tc.build(closer{strings.NewReader("file"), &closed}).Handle(iron.NewRequest("GET", "/", nil))
			assert.Nil(t, res)
			assert.ErrorIs(t, err, errAround)
			assert.True(t, closed)
		})
	}
}

type catchWith struct{ res *iron.Response }

func (c catchWith) After(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
	return res, nil
}

func (c catchWith) CatchAfter(_ *iron.Request, err error) (*iron.Response, error) { return c.res, err }
