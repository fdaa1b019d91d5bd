package engine

import "time"

// rateAllowance is how long a transfer of n bytes may take at the minimum
// rate bytes a second, after grace: grace + n/rate. A rate of 0 or less
// means no minimum: the allowance is unbounded (a day).
func rateAllowance(n, rate int64, grace time.Duration) time.Duration {
	if rate <= 0 {
		return 24 * time.Hour
	}
	secs := n / rate
	if secs > 24*3600 {
		return 24 * time.Hour
	}
	return grace + time.Duration(secs)*time.Second + time.Duration(n%rate)*time.Second/time.Duration(rate)
}

// earliest returns the earlier of two deadlines.
func earliest(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// bodyDeadline is when a request body whose reading began at start, and of
// which got bytes have come since, falls below MinBodyRate; never later than
// ReadTimeout after the request's first byte.
func (e *Engine) bodyDeadline(reqStart, start time.Time, got int64) time.Time {
	cfg := &e.cfg
	return earliest(reqStart.Add(cfg.ReadTimeout), start.Add(rateAllowance(got, cfg.MinBodyRate, cfg.RateGracePeriod)))
}

// writeAllowance is how long writing n bytes of an answer may wait: their
// share at MinResponseRate, after the grace period, and never more than
// WriteTimeout.
func (e *Engine) writeAllowance(n int64) time.Duration {
	return min(e.cfg.WriteTimeout, rateAllowance(n, e.cfg.MinResponseRate, e.cfg.RateGracePeriod))
}
