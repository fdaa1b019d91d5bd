package health_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/health"
)

// fakeEngine stands for the engine: it drains once told to.
type fakeEngine struct{ draining atomic.Bool }

func (e *fakeEngine) Draining() bool { return e.draining.Load() }

func pass(context.Context) error { return nil }
func fail(context.Context) error { return errors.New("connection refused to 10.0.0.7") }

// hang waits for its context: a dependency that never answers.
func hang(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }

type answer struct {
	Status   string   `json:"status"`
	Draining bool     `json:"draining"`
	Failed   []string `json:"failed"`
}

func probe(t *testing.T, h iron.Handler) (*iron.Response, answer) {
	t.Helper()
	res, err := h.Handle(iron.NewRequest("GET", "/readyz", nil))
	require.NoError(t, err)
	require.NotNil(t, res)
	var b strings.Builder
	_, err = res.Body().WriteTo(&b)
	require.NoError(t, err)
	var a answer
	require.NoError(t, json.Unmarshal([]byte(b.String()), &a), b.String())
	assert.NotContains(t, b.String(), "10.0.0.7", "errors are not sent to the client")
	return res, a
}

func quiet() health.Option { return health.Logger(slog.New(slog.DiscardHandler)) }

func TestReady(t *testing.T) {
	for _, tc := range []struct {
		name       string
		draining   bool
		nilDrainer bool
		checks     []health.Check
		opts       []health.Option
		wantStatus int
		want       answer
	}{
		{name: "serving", wantStatus: 200, want: answer{Status: "ok"}},
		{name: "no drainer", nilDrainer: true, wantStatus: 200, want: answer{Status: "ok"}},
		{name: "draining", draining: true, wantStatus: 503, want: answer{Status: "unavailable", Draining: true}},
		{
			name:       "checks pass",
			checks:     []health.Check{{Name: "db", Func: pass}, {Name: "cache", Func: pass}},
			wantStatus: 200, want: answer{Status: "ok"},
		},
		{
			name:       "a check fails",
			checks:     []health.Check{{Name: "db", Func: fail}, {Name: "cache", Func: pass}, {Name: "queue", Func: fail}},
			wantStatus: 503, want: answer{Status: "unavailable", Failed: []string{"db", "queue"}},
		},
		{
			name:       "a check panics",
			checks:     []health.Check{{Name: "db", Func: func(context.Context) error { panic("nil pool") }}, {Name: "cache", Func: pass}},
			wantStatus: 503, want: answer{Status: "unavailable", Failed: []string{"db"}},
		},
		{
			name:       "hung check times out",
			checks:     []health.Check{{Name: "slow", Func: hang}},
			opts:       []health.Option{health.Timeout(10 * time.Millisecond)},
			wantStatus: 503, want: answer{Status: "unavailable", Failed: []string{"slow"}},
		},
		{
			name:       "draining wins over checks",
			draining:   true,
			checks:     []health.Check{{Name: "db", Func: fail}},
			wantStatus: 503, want: answer{Status: "unavailable", Draining: true},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			eng := &fakeEngine{}
			eng.draining.Store(tc.draining)
			var d health.Drainer = eng
			if tc.nilDrainer {
				d = nil
			}
			opts := append([]health.Option{quiet(), health.Checks(tc.checks...)}, tc.opts...)
			res, got := probe(t, health.Ready(d, opts...))
			assert.Equal(t, tc.wantStatus, res.StatusCode())
			assert.Equal(t, tc.want, got)
			assert.Equal(t, "application/json", res.ContentType())
			assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
		})
	}
}

func TestReadinessFollowsDraining(t *testing.T) {
	eng := &fakeEngine{}
	ready := health.Ready(eng)
	res, _ := probe(t, ready)
	assert.Equal(t, 200, res.StatusCode())
	eng.draining.Store(true) // Shutdown began
	res, _ = probe(t, ready)
	assert.Equal(t, 503, res.StatusCode())
	live := health.Live()
	res, _ = probe(t, live)
	assert.Equal(t, 200, res.StatusCode(), "a draining process is still alive")
}

func TestLive(t *testing.T) {
	res, got := probe(t, health.Live(quiet()))
	assert.Equal(t, 200, res.StatusCode())
	assert.Equal(t, answer{Status: "ok"}, got)

	res, got = probe(t, health.Live(quiet(), health.Checks(health.Check{Name: "deadlock", Func: fail})))
	assert.Equal(t, 503, res.StatusCode())
	assert.Equal(t, []string{"deadlock"}, got.Failed)
}

func TestChecksRunAtOnce(t *testing.T) {
	// Each check waits for the other to have started: run one after the
	// other, the first would wait for the second until its timeout and fail.
	a, b := make(chan struct{}), make(chan struct{})
	meet := func(mine, theirs chan struct{}) func(context.Context) error {
		return func(ctx context.Context) error {
			close(mine)
			select {
			case <-theirs:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	ready := health.Ready(nil, quiet(), health.Timeout(5*time.Second), health.Checks(
		health.Check{Name: "a", Func: meet(a, b)},
		health.Check{Name: "b", Func: meet(b, a)},
	))
	res, got := probe(t, ready)
	assert.Equal(t, 200, res.StatusCode())
	assert.Empty(t, got.Failed)
}

func TestChecksSeeTheRequestContext(t *testing.T) {
	type key struct{}
	var seen any
	var hasDeadline bool
	check := health.Check{Name: "ctx", Func: func(ctx context.Context) error {
		seen = ctx.Value(key{})
		_, hasDeadline = ctx.Deadline()
		return nil
	}}
	req := iron.NewRequest("GET", "/readyz", nil)
	req.SetContext(context.WithValue(context.Background(), key{}, "from the request"))
	_, err := health.Ready(nil, health.Checks(check)).Handle(req)
	require.NoError(t, err)
	assert.Equal(t, "from the request", seen)
	assert.True(t, hasDeadline, "checks are bounded by the check timeout")
}

func TestFailuresAreLogged(t *testing.T) {
	var buf bytes.Buffer
	out := slog.New(slog.NewJSONHandler(&buf, nil))
	_, _ = probe(t, health.Ready(nil, health.Logger(out), health.Checks(health.Check{Name: "db", Func: fail})))
	var line map[string]any
	require.NoError(t, json.Unmarshal(buf.Bytes(), &line))
	assert.Equal(t, "WARN", line["level"])
	assert.Equal(t, "db", line["check"])
	assert.Equal(t, "connection refused to 10.0.0.7", line["error"])
}

// A bad option value panics in Live and Ready, with an error naming the
// option and the value.
func TestBadOptionsPanic(t *testing.T) {
	for _, tc := range []struct {
		opt  health.Option
		want string
	}{
		{health.Checks(health.Check{Name: "db"}), `health: Checks: check "db" (#0) has a nil Func`},
		{health.Timeout(0), "health: Timeout(0s): must be positive"},
		{health.Timeout(-time.Second), "health: Timeout(-1s): must be positive"},
		{health.Logger(nil), "health: Logger(nil): a logger is required"},
	} {
		assert.PanicsWithError(t, tc.want, func() { health.Ready(nil, tc.opt) })
		assert.PanicsWithError(t, tc.want, func() { health.Live(tc.opt) })
	}
}

// A check that ignores its context fails the probe at the timeout instead
// of hanging it, as the package doc promises; while that run has not
// returned, later probes fail the check at once rather than pile up
// goroutines; once it returns, the check runs again.
func TestHungCheckFailsTheProbe(t *testing.T) {
	release := make(chan struct{})
	var runs atomic.Int32
	stuck := health.Check{Name: "stuck", Func: func(context.Context) error {
		if runs.Add(1) == 1 {
			<-release // ignores its context, as a careless client library would
		}
		return nil
	}}
	ready := health.Ready(nil, quiet(), health.Timeout(20*time.Millisecond),
		health.Checks(stuck, health.Check{Name: "db", Func: pass}))

	answered := make(chan answer, 1)
	go func() {
		res, err := ready.Handle(iron.NewRequest("GET", "/readyz", nil))
		if err != nil || res.StatusCode() != 503 {
			answered <- answer{Status: fmt.Sprint("unexpected: ", err, res.StatusCode())}
			return
		}
		var b strings.Builder
		_, _ = res.Body().WriteTo(&b)
		var a answer
		_ = json.Unmarshal([]byte(b.String()), &a)
		answered <- a
	}()
	select {
	case a := <-answered:
		assert.Equal(t, answer{Status: "unavailable", Failed: []string{"stuck"}}, a)
	case <-time.After(10 * time.Second):
		close(release)
		t.Fatal("the probe waited for a check that ignores its context")
	}

	res, got := probe(t, ready)
	assert.Equal(t, 503, res.StatusCode(), "the first run has not returned")
	assert.Equal(t, []string{"stuck"}, got.Failed)
	assert.Equal(t, int32(1), runs.Load(), "no second run while the first hangs")

	close(release)
	require.Eventually(t, func() bool {
		res, _ := ready.Handle(iron.NewRequest("GET", "/readyz", nil))
		return res.StatusCode() == 200
	}, 10*time.Second, 5*time.Millisecond, "once the run returned, the check runs and passes again")
}
