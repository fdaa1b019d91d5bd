package adaptive

import (
	"math"
	"time"
)

// The controller's constants; see the package doc for why.
const (
	probeSamples  = 50   // requests measured for a baseline
	windowSamples = 10   // requests measured before a window is judged
	patience      = 10   // intervals a window or a probe waits for them at most
	minGradient   = 0.5  // the most the limit falls in one window: by half
	maxGradient   = 2.0  // the most it could rise, before smoothing
	smoothing     = 0.25 // the share of a rise applied per window
	minWindows    = 5    // windows at Min after which the baseline is measured again
	probeJitter   = 0.15 // the most a probe is delayed, as a share of ProbeInterval
)

// update runs once an Interval has passed, under l.mu: it ends a probe, or
// judges the window that just ended, and tunes the target.
func (l *Limiter) update(now time.Duration) {
	c := &l.ctl
	l.win.diff(&l.hist, &l.snapshot)
	n := l.win.n
	waited := now - l.windowStart
	if c.probing {
		waited = now - c.probeStart
	}
	need := uint64(windowSamples)
	if c.probing {
		need = probeSamples
	}
	if n < need && (n == 0 || waited < patience*l.cfg.interval) {
		// Too few requests to judge: let the window run on.
		l.next.Store(int64(now + l.cfg.interval))
		return
	}
	sample := l.win.percentile(l.cfg.percentile)
	// The next window starts with what this one counted: a request that
	// ended since the counts were read belongs to the next.
	for i, c := range l.win.counts {
		l.snapshot[i] += c
	}
	peak := l.peak.Swap(l.inFlight.Load())

	if c.probing {
		c.baseline = sample
		c.probing = false
		c.nextProbe = now + l.cfg.probeInterval + time.Duration(probeJitter*l.jitter()*float64(l.cfg.probeInterval))
		l.setLimit(c.resume)
	} else {
		l.judge(sample, peak)
		if c.tuned == l.cfg.min {
			c.atMin++
		} else {
			c.atMin = 0
		}
		if now >= c.nextProbe || c.atMin >= minWindows {
			l.startProbe(now)
		}
	}
	l.windowStart = now
	l.next.Store(int64(now + l.cfg.interval))
}

// judge moves the limit by the gradient of a window's latency against the
// baseline: down in proportion when requests got slower than the baseline
// allows, up when they did not and the limit was in use.
func (l *Limiter) judge(sample time.Duration, peak int64) {
	c := &l.ctl
	if sample < c.baseline {
		// Faster than the baseline ever was: the baseline was measured in
		// a slow moment.
		c.baseline = sample
	}
	gradient := float64(c.baseline) * (1 + l.cfg.tolerance) / float64(max(sample, 1))
	gradient = min(max(gradient, minGradient), maxGradient)
	// The square root is headroom: room to find out whether more
	// concurrency would still be served at the baseline's latency.
	target := gradient*c.limit + math.Sqrt(c.limit)
	if target > c.limit {
		if float64(peak) < c.limit/2 && l.target.Stats().Queued == 0 {
			// Less than half the limit was ever in use, and nothing
			// waited: the window says nothing of a higher limit.
			target = c.limit
		}
		// Rise slowly, fall at once: a rise is a guess, a fall a
		// measured overload.
		target = c.limit + smoothing*(target-c.limit)
	}
	l.setLimit(target)
}

// startProbe lowers the limit to Min until the baseline has been measured.
func (l *Limiter) startProbe(now time.Duration) {
	c := &l.ctl
	c.probing = true
	c.probeStart = now
	c.resume = c.limit
	c.atMin = 0
	l.epoch.Add(1)
	l.setLimit(float64(l.cfg.min))
	c.limit = c.resume // the estimate to come back to
	l.consume()
	l.windowStart = now
	l.next.Store(int64(now + l.cfg.interval))
}

// consume starts a new window: what was counted so far is not in it.
func (l *Limiter) consume() {
	for i := range l.snapshot {
		l.snapshot[i] = l.hist.counts[i].Load()
	}
}

// setLimit bounds the estimate by Min and Max and tunes the target when the
// rounded limit changes.
func (l *Limiter) setLimit(f float64) {
	c := &l.ctl
	f = min(max(f, float64(l.cfg.min)), float64(l.cfg.max))
	c.limit = f
	if n := int(math.Round(f)); n != c.tuned {
		c.tuned = n
		l.current.Store(int64(n))
		l.target.Tune(n)
	}
}
