package ratelimit

import "time"

// SetClock makes a memory store read the time from now, for tests.
func SetClock(rl *RateLimit, now func() time.Time) { rl.store.(*memory).now = now }

// Keys returns how many keys a memory store holds.
func Keys(rl *RateLimit) int { return rl.store.(*memory).keys() }
