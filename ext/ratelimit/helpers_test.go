package ratelimit_test

import (
	"errors"
	"net"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/ratelimit"
)

// clock is a stopped clock that tests move by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// frozen returns a memory RateLimit on a stopped clock.
func frozen(limit int, period time.Duration, opts ...ratelimit.Option) (*ratelimit.RateLimit, *clock) {
	rl := ratelimit.New(limit, period, opts...)
	c := newClock()
	ratelimit.SetClock(rl, c.Now)
	return rl, c
}

// from returns a GET request from peer ("ip:port") with extra headers.
func from(peer string, fields ...iron.HeaderField) *iron.Request {
	slot := new(iron.Slot)
	slot.Reset(&iron.Incoming{
		Method: "GET", Target: "/", Proto: "HTTP/1.1", Host: "example.com",
		Header: fields, RemoteAddr: net.TCPAddrFromAddrPort(netip.MustParseAddrPort(peer)),
	})
	return slot.Request()
}

// through runs req through rl as before and after middleware around a 200,
// as a chain would, and returns the answer.
func through(t *testing.T, rl *ratelimit.RateLimit, req *iron.Request) *iron.Response {
	t.Helper()
	if err := rl.Before(req); err != nil {
		res, err2 := rl.CatchAfter(req, err)
		require.Nil(t, res)
		require.ErrorIs(t, err2, err)
		var ie *iron.Error
		require.True(t, errors.As(err2, &ie))
		return ie.Response
	}
	res, err := rl.After(req, iron.With(200, "ok"))
	require.NoError(t, err)
	return res
}
