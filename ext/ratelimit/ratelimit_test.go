package ratelimit_test

import (
	"errors"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/ratelimit"
	"github.com/iron-go/iron/ext/realip"
)

func TestBurstThenRefusalWithHeaders(t *testing.T) {
	rl, clk := frozen(5, time.Minute)
	for i := range 5 {
		res := through(t, rl, from("198.51.100.1:1"))
		require.Equal(t, 200, res.StatusCode(), "request %d", i+1)
		assert.Equal(t, "5", res.Header.Get("RateLimit-Limit"))
		assert.Equal(t, fmt.Sprint(4-i), res.Header.Get("RateLimit-Remaining"))
		assert.Equal(t, fmt.Sprint(12*(i+1)), res.Header.Get("RateLimit-Reset"))
		assert.Equal(t, "5;w=60", res.Header.Get("RateLimit-Policy"))
	}
	res := through(t, rl, from("198.51.100.1:2"))
	assert.Equal(t, http.StatusTooManyRequests, res.StatusCode())
	assert.Equal(t, "12", res.Header.Get("Retry-After"))
	assert.Equal(t, "0", res.Header.Get("RateLimit-Remaining"))
	assert.Equal(t, "60", res.Header.Get("RateLimit-Reset"))

	// Another client is not affected.
	assert.Equal(t, 200, through(t, rl, from("198.51.100.2:1")).StatusCode())

	// Eleven seconds later: still refused, one second to go.
	clk.Advance(11 * time.Second)
	res = through(t, rl, from("198.51.100.1:3"))
	assert.Equal(t, 429, res.StatusCode())
	assert.Equal(t, "1", res.Header.Get("Retry-After"))

	// Twelve: one more request, and only one.
	clk.Advance(time.Second)
	assert.Equal(t, 200, through(t, rl, from("198.51.100.1:4")).StatusCode())
	assert.Equal(t, 429, through(t, rl, from("198.51.100.1:5")).StatusCode())

	// A whole period later the burst is back.
	clk.Advance(time.Minute)
	for range 5 {
		assert.Equal(t, 200, through(t, rl, from("198.51.100.1:6")).StatusCode())
	}
}

func TestRefusalIsAnIronErrorWrappingErrLimited(t *testing.T) {
	rl, _ := frozen(1, time.Second)
	require.NoError(t, rl.Before(from("198.51.100.1:1")))
	err := rl.Before(from("198.51.100.1:1"))
	require.ErrorIs(t, err, ratelimit.ErrLimited)
	assert.Equal(t, 429, iron.ErrorResponse(err).StatusCode())
	assert.Equal(t, "1", iron.ErrorResponse(err).Header.Get("Retry-After"))
}

func TestDefaultKey(t *testing.T) {
	proxy := realip.New(realip.TrustedProxies("10.0.0.0/8"))
	for _, tc := range []struct {
		name  string
		a, b  *iron.Request
		share bool
	}{
		{"same IPv4", from("198.51.100.1:1"), from("198.51.100.1:2"), true},
		{"different IPv4", from("198.51.100.1:1"), from("198.51.100.2:1"), false},
		{"same IPv6 /64", from("[2001:db8:1:2::1]:1"), from("[2001:db8:1:2:ffff::9]:1"), true},
		{"different IPv6 /64", from("[2001:db8:1:2::1]:1"), from("[2001:db8:1:3::1]:1"), false},
		{"behind a trusted proxy: by client", fwdFor("10.0.0.1:1", "203.0.113.7"), fwdFor("10.0.0.1:2", "203.0.113.8"), false},
		{"behind a trusted proxy: same client", fwdFor("10.0.0.1:1", "203.0.113.7"), fwdFor("10.0.0.2:2", "203.0.113.7"), true},
		{"spoofed header from an untrusted peer", fwdFor("198.51.100.1:1", "203.0.113.7"), fwdFor("198.51.100.1:1", "203.0.113.8"), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rl, _ := frozen(1, time.Hour)
			for _, req := range []*iron.Request{tc.a, tc.b} {
				require.NoError(t, proxy.Before(req))
			}
			require.NoError(t, rl.Before(tc.a))
			err := rl.Before(tc.b)
			if tc.share {
				assert.ErrorIs(t, err, ratelimit.ErrLimited)
			} else {
				assert.NoError(t, err)
			}
		})
	}
}

func fwdFor(peer, client string) *iron.Request {
	return from(peer, iron.HeaderField{Name: "X-Forwarded-For", Value: client})
}

func TestOptions(t *testing.T) {
	t.Run("Key", func(t *testing.T) {
		rl, _ := frozen(1, time.Hour, ratelimit.Key(func(req *iron.Request) string { return req.HeaderValue("X-User") }))
		alice := iron.HeaderField{Name: "X-User", Value: "alice"}
		require.NoError(t, rl.Before(from("198.51.100.1:1", alice)))
		assert.ErrorIs(t, rl.Before(from("198.51.100.2:1", alice)), ratelimit.ErrLimited, "same user, other address")
		assert.NoError(t, rl.Before(from("198.51.100.1:1", iron.HeaderField{Name: "X-User", Value: "bob"})))
	})
	t.Run("Skip", func(t *testing.T) {
		rl, _ := frozen(1, time.Hour, ratelimit.Skip(func(req *iron.Request) bool { return req.HeaderValue("X-Health") != "" }))
		health := iron.HeaderField{Name: "X-Health", Value: "1"}
		for range 3 {
			res := through(t, rl, from("198.51.100.1:1", health))
			assert.Equal(t, 200, res.StatusCode())
			assert.Empty(t, res.Header.Get("RateLimit-Limit"), "skipped requests get no headers")
		}
		assert.NoError(t, rl.Before(from("198.51.100.1:1")), "skipped requests were not counted")
	})
	t.Run("Responder", func(t *testing.T) {
		rl, _ := frozen(1, time.Hour, ratelimit.Responder(func(req *iron.Request, err error) *iron.Response {
			r, ok := ratelimit.Get(req)
			if !assert.True(t, ok) || !assert.ErrorIs(t, err, ratelimit.ErrLimited) {
				return nil
			}
			return iron.With(iron.JSON, fmt.Sprintf(`{"retry_in":%d}`, int(r.RetryAfter.Seconds())))
		}))
		through(t, rl, from("198.51.100.1:1"))
		res := through(t, rl, from("198.51.100.1:1"))
		assert.Equal(t, 429, res.StatusCode())
		assert.Equal(t, "application/json", res.ContentType())
		body, _ := res.Body().Text()
		assert.Equal(t, `{"retry_in":3600}`, body)
		assert.Equal(t, "3600", res.Header.Get("Retry-After"))
		assert.Equal(t, "1", res.Header.Get("RateLimit-Limit"))
	})
	t.Run("Responder's response is not changed", func(t *testing.T) {
		// A responder may return one response to every request, as a
		// handler may: the status and headers go on a copy, each with the
		// numbers of its own request.
		shared := iron.With(iron.JSON, `{"error":"slow down"}`)
		rl, clk := frozen(1, time.Minute, ratelimit.Responder(func(*iron.Request, error) *iron.Response { return shared }))
		through(t, rl, from("198.51.100.1:1"))
		res := through(t, rl, from("198.51.100.1:1"))
		assert.Equal(t, "60", res.Header.Get("Retry-After"))
		clk.Advance(30 * time.Second)
		res = through(t, rl, from("198.51.100.1:1"))
		assert.Equal(t, 429, res.StatusCode())
		assert.Equal(t, "30", res.Header.Get("Retry-After"))
		assert.Zero(t, shared.Status)
		assert.Empty(t, shared.Header)
	})
}

func TestHeadersOnOtherAnswers(t *testing.T) {
	rl, _ := frozen(3, time.Minute)

	// A header the handler set is kept.
	req := from("198.51.100.1:1")
	require.NoError(t, rl.Before(req))
	own := iron.With(200, http.Header{"Ratelimit-Limit": {"999"}})
	res, err := rl.After(req, own)
	require.NoError(t, err)
	assert.Equal(t, "999", res.Header.Get("RateLimit-Limit"))
	assert.Empty(t, res.Header.Get("RateLimit-Remaining"))

	// An error answer (a wrong password) gets them too, on a copy.
	req = from("198.51.100.1:1")
	require.NoError(t, rl.Before(req))
	shared := iron.Errorf(http.StatusUnauthorized, "wrong password")
	res, err = rl.CatchAfter(req, shared)
	assert.Nil(t, res)
	require.ErrorIs(t, err, shared)
	assert.Equal(t, 401, iron.ErrorResponse(err).StatusCode())
	assert.Equal(t, "1", iron.ErrorResponse(err).Header.Get("RateLimit-Remaining"))
	assert.Empty(t, shared.Response.Header.Get("RateLimit-Remaining"), "the shared error response is untouched")

	// A request the limiter never saw gets nothing.
	res, err = rl.After(from("198.51.100.1:1"), iron.With(200))
	require.NoError(t, err)
	assert.Empty(t, res.Header)
}

func TestTwoLimitsShowTheTighter(t *testing.T) {
	loose, _ := frozen(100, time.Minute)
	tight, _ := frozen(2, time.Minute)
	req := from("198.51.100.1:1")
	require.NoError(t, loose.Before(req))
	require.NoError(t, tight.Before(req))
	res, _ := loose.After(req, iron.With(200))
	res, _ = tight.After(req, res)
	assert.Equal(t, "2", res.Header.Get("RateLimit-Limit"))
	assert.Equal(t, "1", res.Header.Get("RateLimit-Remaining"))
}

func TestMemoryStaysBounded(t *testing.T) {
	rl, _ := frozen(1, time.Minute, ratelimit.MaxKeys(100))
	for i := range 10_000 {
		require.NoError(t, rl.Before(from(fmt.Sprintf("[2001:db8:%x::1]:1", i))))
	}
	assert.LessOrEqual(t, ratelimit.Keys(rl), 100)

	// The most recent clients are still limited; the oldest were forgotten.
	assert.ErrorIs(t, rl.Before(from(fmt.Sprintf("[2001:db8:%x::1]:1", 9_999))), ratelimit.ErrLimited)
	assert.NoError(t, rl.Before(from("[2001:db8:0::1]:1")))

}

func TestIdleKeysGoAwayBeforeTheTableIsFull(t *testing.T) {
	rl, clk := frozen(1, time.Minute, ratelimit.MaxKeys(64*100))
	for i := range 1000 {
		require.NoError(t, rl.Before(from(fmt.Sprintf("198.51.%d.%d:1", i/256, i%256))))
	}
	require.Equal(t, 1000, ratelimit.Keys(rl))
	clk.Advance(time.Minute) // every bucket is full again
	for i := range 1000 {
		require.NoError(t, rl.Before(from(fmt.Sprintf("203.0.%d.%d:1", i/256, i%256))))
	}
	assert.Less(t, ratelimit.Keys(rl), 1200, "idle keys were dropped as new ones came")
}

func TestConcurrentBurstAllowsExactlyTheLimit(t *testing.T) {
	rl, _ := frozen(50, time.Hour)
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				if rl.Before(from("198.51.100.1:1")) == nil {
					allowed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	assert.Equal(t, int64(50), allowed.Load())
}

func TestNewPanics(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func()
		msg  string
	}{
		{"zero limit", func() { ratelimit.New(0, time.Second) }, "ratelimit: New(0, 1s)"},
		{"tiny period", func() { ratelimit.New(1, time.Microsecond) }, "ratelimit: New(1, 1µs)"},
		{"MaxKeys", func() { ratelimit.New(1, time.Second, ratelimit.MaxKeys(0)) }, "ratelimit: MaxKeys(0)"},
		{"Timeout", func() { ratelimit.New(1, time.Second, ratelimit.Timeout(-1)) }, "ratelimit: Timeout(-1ns)"},
		{"Timeout without Redis", func() { ratelimit.New(1, time.Second, ratelimit.Timeout(time.Second)) }, "only with Redis"},
		{"FailOpen without Redis", func() { ratelimit.New(1, time.Second, ratelimit.FailOpen(true)) }, "only with Redis"},
		{"nil Key", func() { ratelimit.New(1, time.Second, ratelimit.Key(nil)) }, "ratelimit: Key(nil)"},
		{"nil Skip", func() { ratelimit.New(1, time.Second, ratelimit.Skip(nil)) }, "ratelimit: Skip(nil)"},
		{"nil Responder", func() { ratelimit.New(1, time.Second, ratelimit.Responder(nil)) }, "ratelimit: Responder(nil)"},
		{"nil Logger", func() { ratelimit.New(1, time.Second, ratelimit.Logger(nil)) }, "ratelimit: Logger(nil)"},
		{"nil Redis", func() { ratelimit.New(1, time.Second, ratelimit.Redis(nil, "x")) }, `ratelimit: Redis(nil, "x")`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				p := recover()
				require.NotNil(t, p)
				err, ok := p.(error)
				require.True(t, ok)
				assert.Contains(t, err.Error(), tc.msg)
			}()
			tc.fn()
		})
	}
}

func TestKnownKeyAllocations(t *testing.T) {
	rl := ratelimit.New(1_000_000, time.Second, ratelimit.Key(func(*iron.Request) string { return "k" }))
	req := from("198.51.100.1:1")
	allocs := testing.AllocsPerRun(200, func() {
		if err := rl.Before(req); err != nil {
			panic(errors.New("limited"))
		}
	})
	assert.Zero(t, allocs, "counting a request for a known key")
}
