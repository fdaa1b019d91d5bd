package adaptive

import (
	"fmt"
	"math"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/worker"
)

// Defaults of the settings.
const (
	DefaultMin           = 4
	DefaultInitial       = 32
	DefaultInterval      = 100 * time.Millisecond
	DefaultProbeInterval = 30 * time.Second
	DefaultTolerance     = 0.25
	DefaultPercentile    = 0.9
)

// Option configures [New]. Every option is checked by New, which panics on a
// bad value with a message naming the option and the value.
type Option func(*config) error

type config struct {
	min, max, initial int
	interval          time.Duration
	probeInterval     time.Duration
	tolerance         float64
	percentile        float64
	skip              func(*iron.Request) bool
	maxSet, initSet   bool
}

func defaults() config {
	return config{
		min:           DefaultMin,
		max:           worker.DefaultWorkers(),
		initial:       DefaultInitial,
		interval:      DefaultInterval,
		probeInterval: DefaultProbeInterval,
		tolerance:     DefaultTolerance,
		percentile:    DefaultPercentile,
	}
}

// Min sets the lowest limit, instead of [DefaultMin]: the limit never goes
// below it, and it is the limit while the baseline latency is measured. It
// must be at least 1.
func Min(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("adaptive: Min(%d): must be at least 1", n)
		}
		c.min = n
		return nil
	}
}

// Max sets the highest limit, instead of the engine's default worker count
// (worker.DefaultWorkers: 256 per GOMAXPROCS), so that opting in never lets
// more requests run at once than the engine would by default. It must be at
// least Min.
func Max(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("adaptive: Max(%d): must be at least 1", n)
		}
		c.max, c.maxSet = n, true
		return nil
	}
}

// Initial sets the limit used once the first baseline is measured, before
// measurements move it, instead of [DefaultInitial] (bounded by Min and
// Max). Given explicitly, it must lie between Min and Max.
func Initial(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("adaptive: Initial(%d): must be at least 1", n)
		}
		c.initial, c.initSet = n, true
		return nil
	}
}

// Interval sets how often the limit is recomputed from the latencies of the
// requests that ended since, instead of [DefaultInterval]. It must be at
// least a millisecond.
func Interval(d time.Duration) Option {
	return func(c *config) error {
		if d < time.Millisecond {
			return fmt.Errorf("adaptive: Interval(%v): must be at least 1ms", d)
		}
		c.interval = d
		return nil
	}
}

// ProbeInterval sets how often the baseline latency is measured again, by
// lowering the limit to Min for a moment, instead of
// [DefaultProbeInterval]; each wait is lengthened by a random 0 to 15 % so
// that instances behind one load balancer do not probe together. It must be
// at least the Interval.
func ProbeInterval(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("adaptive: ProbeInterval(%v): must be positive", d)
		}
		c.probeInterval = d
		return nil
	}
}

// Tolerance sets how much slower than the baseline requests may get, as a
// fraction of it, before the limit comes down, instead of
// [DefaultTolerance] (0.25: 25 % slower). It must be from 0 to 10.
func Tolerance(f float64) Option {
	return func(c *config) error {
		if math.IsNaN(f) || f < 0 || f > 10 {
			return fmt.Errorf("adaptive: Tolerance(%v): must be from 0 to 10", f)
		}
		c.tolerance = f
		return nil
	}
}

// Percentile sets which latency percentile of a window is compared with the
// baseline (measured at the same percentile), as a fraction, instead of
// [DefaultPercentile] (0.9: p90). It must be above 0 and at most 1.
func Percentile(p float64) Option {
	return func(c *config) error {
		if math.IsNaN(p) || p <= 0 || p > 1 {
			return fmt.Errorf("adaptive: Percentile(%v): must be above 0 and at most 1", p)
		}
		c.percentile = p
		return nil
	}
}

// Skip sets a function that picks requests whose latency is not measured,
// such as long polls and event streams, whose duration says nothing of the
// server's load. It runs before the handler. A nil function panics.
func Skip(fn func(req *iron.Request) bool) Option {
	return func(c *config) error {
		if fn == nil {
			return fmt.Errorf("adaptive: Skip(nil)")
		}
		c.skip = fn
		return nil
	}
}

// check reports settings that contradict each other, and bounds the default
// Max and Initial by the others.
func (c *config) check() error {
	if !c.maxSet {
		c.max = max(c.max, c.min)
	}
	if c.max < c.min {
		return fmt.Errorf("adaptive: Max(%d) is below Min(%d)", c.max, c.min)
	}
	if c.initSet && (c.initial < c.min || c.initial > c.max) {
		return fmt.Errorf("adaptive: Initial(%d) is outside Min(%d) to Max(%d)", c.initial, c.min, c.max)
	}
	c.initial = min(max(c.initial, c.min), c.max)
	if c.probeInterval < c.interval {
		return fmt.Errorf("adaptive: ProbeInterval(%v) is shorter than Interval(%v)", c.probeInterval, c.interval)
	}
	return nil
}
