package adaptive_test

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/ext/adaptive"
	"github.com/iron-go/iron/internal/servetest"
)

func get(t *testing.T, url string) *http.Response {
	t.Helper()
	c := &http.Client{Timeout: 10 * time.Second}
	res, err := c.Get(url)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

// On a real engine: the limit is Min while the baseline is measured, and
// past it (and the queue) the engine sheds with 503 and Retry-After; then
// the Initial limit is set with Tune, and the engine runs that many workers.
func TestControlsARealEngine(t *testing.T) {
	var mu sync.Mutex
	hold := make(chan struct{})
	held := false
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		mu.Lock()
		first := !held
		held = true
		mu.Unlock()
		if first && req.EscapedPath() == "/hold" {
			<-hold
		}
		time.Sleep(time.Millisecond)
		return iron.With(http.StatusOK), nil
	})
	c := chain.New(h)
	e := engine.New(c, engine.Workers(64), engine.Queue(engine.NoQueue), engine.Logger(slog.New(slog.DiscardHandler)))
	l := adaptive.New(e, adaptive.Min(1), adaptive.Initial(6), adaptive.Max(16), adaptive.Interval(5*time.Millisecond))
	c.LinkAround(l)
	base := "http://" + servetest.Serve(t, e)
	require.Eventually(t, func() bool { return e.Stats().Workers == 1 }, 5*time.Second, time.Millisecond,
		"Min while the baseline is measured")

	held1 := make(chan int, 1)
	go func() { held1 <- get(t, base+"/hold").StatusCode }()
	require.Eventually(t, func() bool { return e.Stats().WorkersBusy == 1 }, 5*time.Second, time.Millisecond)
	res := get(t, base+"/")
	assert.Equal(t, http.StatusServiceUnavailable, res.StatusCode, "past the limit and the queue")
	assert.NotEmpty(t, res.Header.Get("Retry-After"))
	close(hold)
	require.Equal(t, 200, <-held1)

	// One worker and no queue: a request may still be shed while the
	// worker finishes with the previous connection.
	for i := 0; i < 500 && l.Limit() == 1; i++ {
		status := get(t, base+"/").StatusCode
		require.Contains(t, []int{200, 503}, status)
	}
	assert.Equal(t, 6, l.Limit(), "the Initial limit once the baseline is known")
	assert.Equal(t, 6, e.Stats().Workers)
	assert.GreaterOrEqual(t, l.Baseline(), time.Millisecond)
}

// target records the limits it is given.
type target struct {
	mu    sync.Mutex
	tuned []int
}

func (t *target) Tune(n int) { t.mu.Lock(); t.tuned = append(t.tuned, n); t.mu.Unlock() }
func (t *target) Stats() engine.Stats {
	t.mu.Lock()
	defer t.mu.Unlock()
	return engine.Stats{Workers: t.tuned[len(t.tuned)-1]}
}

// Skipped requests are not measured: with every request skipped, the
// baseline is never measured and the limit stays at Min.
func TestSkip(t *testing.T) {
	tg := &target{}
	l := adaptive.New(tg, adaptive.Interval(time.Millisecond), adaptive.Skip(func(*iron.Request) bool { return true }))
	h := l.Around(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		time.Sleep(100 * time.Microsecond)
		return iron.With(http.StatusOK), nil
	}))
	for range 100 {
		_, err := h.Handle(iron.NewRequest("GET", "/", nil))
		require.NoError(t, err)
	}
	assert.Equal(t, []int{adaptive.DefaultMin}, tg.tuned)
	assert.Zero(t, l.Baseline())
}

// A panicking handler still ends its measurement: the panic goes on, and
// the limiter keeps working.
func TestPanicEndsTheMeasurement(t *testing.T) {
	tg := &target{}
	l := adaptive.New(tg, adaptive.Interval(time.Millisecond))
	h := l.Around(iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if req.EscapedPath() == "/panic" {
			panic(errors.New("boom"))
		}
		return iron.With(http.StatusOK), nil
	}))
	assert.Panics(t, func() { _, _ = h.Handle(iron.NewRequest("GET", "/panic", nil)) })
	deadline := time.Now().Add(5 * time.Second)
	for l.Baseline() == 0 && time.Now().Before(deadline) {
		_, _ = h.Handle(iron.NewRequest("GET", "/", nil))
	}
	assert.NotZero(t, l.Baseline())
	assert.Equal(t, adaptive.DefaultInitial, l.Limit())
}

func TestBadOptionsPanic(t *testing.T) {
	for _, tc := range []struct {
		opts []adaptive.Option
		want string
	}{
		{[]adaptive.Option{adaptive.Min(0)}, "adaptive: Min(0): must be at least 1"},
		{[]adaptive.Option{adaptive.Max(0)}, "adaptive: Max(0): must be at least 1"},
		{[]adaptive.Option{adaptive.Initial(-1)}, "adaptive: Initial(-1): must be at least 1"},
		{[]adaptive.Option{adaptive.Interval(time.Microsecond)}, "adaptive: Interval(1µs): must be at least 1ms"},
		{[]adaptive.Option{adaptive.ProbeInterval(0)}, "adaptive: ProbeInterval(0s): must be positive"},
		{[]adaptive.Option{adaptive.Tolerance(-0.1)}, "adaptive: Tolerance(-0.1): must be from 0 to 10"},
		{[]adaptive.Option{adaptive.Percentile(0)}, "adaptive: Percentile(0): must be above 0 and at most 1"},
		{[]adaptive.Option{adaptive.Percentile(1.5)}, "adaptive: Percentile(1.5): must be above 0 and at most 1"},
		{[]adaptive.Option{adaptive.Skip(nil)}, "adaptive: Skip(nil)"},
		{[]adaptive.Option{adaptive.Min(8), adaptive.Max(4)}, "adaptive: Max(4) is below Min(8)"},
		{[]adaptive.Option{adaptive.Max(10), adaptive.Initial(20)}, "adaptive: Initial(20) is outside Min(4) to Max(10)"},
		{[]adaptive.Option{adaptive.Interval(time.Second), adaptive.ProbeInterval(time.Millisecond)},
			"adaptive: ProbeInterval(1ms) is shorter than Interval(1s)"},
	} {
		assert.PanicsWithError(t, tc.want, func() { adaptive.New(&target{}, tc.opts...) })
	}
	assert.PanicsWithError(t, "adaptive: New(nil): a Target is required", func() { adaptive.New(nil) })
	assert.NotPanics(t, func() { adaptive.New(&target{}, nil) }, "nil options are skipped")
}

// Defaults bound each other: a Min above the default Initial raises it.
func TestDefaultsFollowMin(t *testing.T) {
	tg := &target{}
	l := adaptive.New(tg, adaptive.Min(40), adaptive.Interval(time.Millisecond))
	h := l.Around(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return iron.With(http.StatusOK), nil }))
	deadline := time.Now().Add(5 * time.Second)
	for l.Baseline() == 0 && time.Now().Before(deadline) {
		_, _ = h.Handle(iron.NewRequest("GET", "/", nil))
	}
	assert.Equal(t, 40, l.Limit())
}

type quietTarget struct{}

func (quietTarget) Tune(int)            {}
func (quietTarget) Stats() engine.Stats { return engine.Stats{} }

// Measuring a request allocates nothing.
func TestNoAllocationPerRequest(t *testing.T) {
	res := iron.With(http.StatusOK)
	l := adaptive.New(quietTarget{}, adaptive.Interval(time.Hour), adaptive.ProbeInterval(time.Hour))
	h := l.Around(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return res, nil }))
	req := iron.NewRequest("GET", "/", nil)
	assert.Zero(t, testing.AllocsPerRun(1000, func() { _, _ = h.Handle(req) }))
}
