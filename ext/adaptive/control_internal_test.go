package adaptive

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/engine"
)

// fakeClock is a clock that moves only when told.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// fakeTarget records every limit it is tuned to.
type fakeTarget struct {
	tuned  []int
	queued int
}

func (f *fakeTarget) Tune(n int) { f.tuned = append(f.tuned, n) }
func (f *fakeTarget) Stats() engine.Stats {
	return engine.Stats{Workers: f.tuned[len(f.tuned)-1], Queued: f.queued}
}

// sim drives a Limiter with requests on a fake clock.
type sim struct {
	t      *testing.T
	l      *Limiter
	clock  *fakeClock
	target *fakeTarget
}

func newSim(t *testing.T, opts ...Option) *sim {
	t.Helper()
	cfg := defaults()
	for _, o := range opts {
		require.NoError(t, o(&cfg))
	}
	require.NoError(t, cfg.check())
	s := &sim{t: t, clock: &fakeClock{t: time.Unix(1_700_000_000, 0)}, target: &fakeTarget{}}
	s.l = newLimiter(s.target, cfg, s.clock.now, func() float64 { return 0 })
	t.Cleanup(s.checkBounds)
	return s
}

// round runs n requests at once that each take latency.
func (s *sim) round(n int, latency time.Duration) {
	tickets := make([]ticket, n)
	for i := range tickets {
		tickets[i] = s.l.begin()
	}
	s.clock.advance(latency)
	for _, tk := range tickets {
		s.l.end(tk)
	}
}

// run keeps the server busy for d: each round, concurrency(limit) requests
// run at once, each taking latency(concurrency).
func (s *sim) run(d time.Duration, concurrency func(limit int) int, latency func(n int) time.Duration) {
	for end := s.clock.t.Add(d); s.clock.t.Before(end); {
		n := max(concurrency(s.l.Limit()), 1)
		s.round(n, latency(n))
	}
}

// checkBounds asserts that the target was never tuned outside Min and Max.
func (s *sim) checkBounds() {
	for _, n := range s.target.tuned {
		assert.GreaterOrEqual(s.t, n, s.l.cfg.min)
		assert.LessOrEqual(s.t, n, s.l.cfg.max)
	}
}

// Load shapes: every worker the limit allows is busy (more requests arrive
// than are served), or only a few are.
func saturated(limit int) int { return limit }
func light(int) int           { return 2 }

// flat is a handler whose latency does not depend on load; database is one
// that waits for one of 8 connections, each busy 2 ms per request.
func flat(int) time.Duration { return 2 * time.Millisecond }
func database(n int) time.Duration {
	return 2 * time.Millisecond * time.Duration(max(n, 8)) / 8
}

func near(t *testing.T, want, got time.Duration) {
	t.Helper()
	assert.InEpsilon(t, float64(want), float64(got), 0.13, "want about %v, got %v", want, got)
}

// It starts at Min, measures the baseline, then uses the Initial limit.
func TestMeasuresTheBaselineFirst(t *testing.T) {
	s := newSim(t, Initial(20))
	assert.Equal(t, []int{DefaultMin}, s.target.tuned, "probing at Min from the start")
	assert.Zero(t, s.l.Baseline())

	s.run(150*time.Millisecond, saturated, flat)
	near(t, 2*time.Millisecond, s.l.Baseline())
	assert.Equal(t, []int{DefaultMin, 20}, s.target.tuned)
	assert.Equal(t, 20, s.l.Limit())
}

// While latency stays at the baseline and the limit is in use, the limit
// goes up, to Max at most.
func TestRisesAtTheBaselineLatency(t *testing.T) {
	s := newSim(t, Initial(10), Max(100))
	slowFlat := func(int) time.Duration { return 10 * time.Millisecond } // fewer rounds to simulate
	s.run(time.Second, saturated, slowFlat)
	assert.Greater(t, s.l.Limit(), 10)
	s.run(8*time.Second, saturated, slowFlat)
	assert.Equal(t, 100, s.l.Limit())
	for i := 2; i < len(s.target.tuned); i++ {
		assert.GreaterOrEqual(t, s.target.tuned[i], s.target.tuned[i-1], "never down: latency never grew")
	}
}

// When latency grows with concurrency past a fixed capacity, the limit
// comes down from far too high to near that capacity, and latency back near
// the baseline.
func TestFallsWhenLatencyGrowsWithConcurrency(t *testing.T) {
	s := newSim(t, Initial(256), Max(256))
	s.run(150*time.Millisecond, saturated, database) // the first probe
	require.Equal(t, 256, s.l.Limit())
	s.run(time.Second, saturated, database)
	for range 20 { // two more seconds, looked at every 100 ms
		s.run(100*time.Millisecond, saturated, database)
		limit := s.l.Limit()
		assert.GreaterOrEqual(t, limit, 8, "no lower than the capacity needs")
		assert.LessOrEqual(t, limit, 20, "latency then stays within 2.5× the baseline")
	}
	near(t, 2*time.Millisecond, s.l.Baseline())
}

// A limit that is not in use is no evidence that a higher one would do:
// under light load it stays where it is, unless requests queue.
func TestStaysPutWhenTheLimitIsNotUsed(t *testing.T) {
	s := newSim(t, Initial(16))
	s.run(3*time.Second, light, flat)
	assert.Equal(t, 16, s.l.Limit())

	s.target.queued = 3
	s.run(time.Second, light, flat)
	assert.Greater(t, s.l.Limit(), 16, "requests waited for a worker")
}

// The baseline is measured again every ProbeInterval: the limit dips to
// Min for a moment and comes back.
func TestProbesAgain(t *testing.T) {
	s := newSim(t, Initial(8), ProbeInterval(3*time.Second))
	s.run(2500*time.Millisecond, saturated, flat)
	limit := s.l.Limit()
	assert.Greater(t, limit, 8)
	probes := count(s.target.tuned, DefaultMin)
	s.run(time.Second, saturated, flat)
	assert.Equal(t, probes+1, count(s.target.tuned, DefaultMin), "a probe at ProbeInterval")
	assert.GreaterOrEqual(t, s.l.Limit(), limit, "back to the limit it had, or above")
}

// A handler that got slower for good (a slower database), at any load,
// first looks overloaded: the limit comes down. The next probe measures
// the new baseline, and the limit recovers.
func TestBaselineFollowsASlowerHandler(t *testing.T) {
	s := newSim(t, Initial(8), ProbeInterval(3*time.Second))
	s.run(2*time.Second, saturated, flat)
	require.Greater(t, s.l.Limit(), 40)

	slower := func(int) time.Duration { return 4 * time.Millisecond }
	s.run(time.Second, saturated, slower)
	assert.LessOrEqual(t, s.l.Limit(), 12, "4 ms is 1.6× the 2.5 ms allowed")
	s.run(3*time.Second, saturated, slower)
	near(t, 4*time.Millisecond, s.l.Baseline())
	assert.Greater(t, s.l.Limit(), 12, "rising again from the new baseline")
}

// A limit that stays at Min for a few windows means the baseline is stale:
// it is measured again at once, not at the next ProbeInterval.
func TestProbesEarlyWhenStuckAtMin(t *testing.T) {
	s := newSim(t, Initial(64))
	s.run(time.Second, saturated, flat)
	tenTimesSlower := func(int) time.Duration { return 20 * time.Millisecond }
	s.run(3*time.Second, saturated, tenTimesSlower)
	near(t, 20*time.Millisecond, s.l.Baseline())
	assert.Greater(t, s.l.Limit(), DefaultMin)
}

// A request that started before a probe says nothing of the baseline.
func TestProbeIgnoresRequestsFromBefore(t *testing.T) {
	s := newSim(t)
	old := s.l.begin() // started during the first probe: counted
	s.clock.advance(time.Millisecond)
	s.l.end(old)
	s.run(200*time.Millisecond, saturated, flat)
	require.False(t, s.l.ctl.probing)

	slow := make([]ticket, 40)
	for i := range slow {
		slow[i] = s.l.begin()
	}
	s.l.mu.Lock()
	s.l.startProbe(s.l.since())
	s.l.mu.Unlock()
	s.clock.advance(time.Second / 2)
	for _, tk := range slow {
		s.l.end(tk) // these ran long, at high concurrency: not counted
	}
	for s.l.ctl.probing {
		s.round(s.l.Limit(), 2*time.Millisecond)
	}
	near(t, 2*time.Millisecond, s.l.Baseline())
}

// A window needs a few requests before it is judged: with fewer, it runs on
// for up to 10 intervals.
func TestWaitsForSamples(t *testing.T) {
	s := newSim(t, Initial(16))
	s.run(200*time.Millisecond, light, flat)
	tuned := len(s.target.tuned)
	sparse := func(d time.Duration) { // one slow request per interval
		for end := s.clock.t.Add(d); s.clock.t.Before(end); {
			s.round(1, 40*time.Millisecond)
			s.clock.advance(60 * time.Millisecond)
		}
	}
	sparse(800 * time.Millisecond)
	assert.Len(t, s.target.tuned, tuned, "not judged on a few requests")
	sparse(400 * time.Millisecond)
	require.Len(t, s.target.tuned, tuned+1, "judged after waiting %d intervals", patience)
	assert.Less(t, s.target.tuned[tuned], 16, "and 40 ms is far over the baseline")
}

func count(xs []int, x int) int {
	n := 0
	for _, v := range xs {
		if v == x {
			n++
		}
	}
	return n
}
