package ratelimit_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/ratelimit"
	"github.com/iron-go/iron/internal/redistest"
)

// client returns a go-redis client of s, closed when the test ends.
func client(t *testing.T, s *redistest.Server) *redis.Client {
	c := redis.NewClient(&redis.Options{Addr: s.Addr, MaxRetries: -1, ContextTimeoutEnabled: true})
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func TestRedisInstancesShareCounts(t *testing.T) {
	s := redistest.Start(t)
	// Two instances of a site, each with its own client, as two processes.
	a := ratelimit.New(3, time.Minute, ratelimit.Redis(client(t, s), "login"))
	b := ratelimit.New(3, time.Minute, ratelimit.Redis(client(t, s), "login"))
	other := ratelimit.New(3, time.Minute, ratelimit.Redis(client(t, s), "api"))

	res := through(t, a, from("198.51.100.1:1"))
	assert.Equal(t, 200, res.StatusCode())
	assert.Equal(t, "2", res.Header.Get("RateLimit-Remaining"))
	assert.Equal(t, "20", res.Header.Get("RateLimit-Reset"))
	assert.Equal(t, "3;w=60", res.Header.Get("RateLimit-Policy"))

	res = through(t, b, from("198.51.100.1:2"))
	assert.Equal(t, 200, res.StatusCode())
	assert.Equal(t, "1", res.Header.Get("RateLimit-Remaining"), "b saw a's request")
	assert.Equal(t, 200, through(t, a, from("198.51.100.1:3")).StatusCode())

	res = through(t, b, from("198.51.100.1:4"))
	assert.Equal(t, 429, res.StatusCode())
	assert.Equal(t, "20", res.Header.Get("Retry-After"))
	assert.Equal(t, "0", res.Header.Get("RateLimit-Remaining"))
	assert.Equal(t, "60", res.Header.Get("RateLimit-Reset"))

	assert.Equal(t, 200, through(t, other, from("198.51.100.1:5")).StatusCode(), "another name, another quota")
	assert.Equal(t, 200, through(t, b, from("198.51.100.2:1")).StatusCode(), "another client")

	ttl, err := client(t, s).PTTL(context.Background(), "ratelimit:login:198.51.100.1").Result()
	require.NoError(t, err)
	assert.Greater(t, ttl, 59*time.Second, "the key lives until its bucket is full again")
	assert.LessOrEqual(t, ttl, 60*time.Second)
}

func TestRedisRefills(t *testing.T) {
	s := redistest.Start(t)
	rl := ratelimit.New(2, time.Second, ratelimit.Redis(client(t, s), "refill"))
	require.NoError(t, rl.Before(from("198.51.100.1:1")))
	require.NoError(t, rl.Before(from("198.51.100.1:1")))
	err := rl.Before(from("198.51.100.1:1"))
	require.ErrorIs(t, err, ratelimit.ErrLimited)
	assert.Equal(t, "1", iron.ErrorResponse(err).Header.Get("Retry-After"))

	time.Sleep(600 * time.Millisecond) // one emission interval is 500ms
	assert.NoError(t, rl.Before(from("198.51.100.1:1")))
	assert.ErrorIs(t, rl.Before(from("198.51.100.1:1")), ratelimit.ErrLimited)
}

func TestRedisConcurrentBurstAllowsExactlyTheLimit(t *testing.T) {
	s := redistest.Start(t)
	c := client(t, s)
	a := ratelimit.New(20, time.Hour, ratelimit.Redis(c, "burst"))
	b := ratelimit.New(20, time.Hour, ratelimit.Redis(client(t, s), "burst"))
	var mu sync.Mutex
	allowed := 0
	var wg sync.WaitGroup
	for i := range 8 {
		rl := a
		if i%2 == 1 {
			rl = b
		}
		wg.Go(func() {
			for range 10 {
				if rl.Before(from("198.51.100.1:1")) == nil {
					mu.Lock()
					allowed++
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 20, allowed, "the script is atomic")
}

// logBuffer is a slog text handler into a buffer, safe for concurrent use.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func TestRedisDown(t *testing.T) {
	for _, tc := range []struct {
		name       string
		open       bool
		wantStatus int
		wantLog    string
	}{
		{"fails closed by default", false, 503, "requests are refused with 503"},
		{"FailOpen lets requests through", true, 200, "requests are let through unlimited"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := redistest.Start(t)
			var logs logBuffer
			opts := []ratelimit.Option{
				ratelimit.Redis(client(t, s), "down"),
				ratelimit.Logger(slog.New(slog.NewTextHandler(&logs, nil))),
				ratelimit.Timeout(time.Second),
			}
			if tc.open {
				opts = append(opts, ratelimit.FailOpen(true))
			}
			rl := ratelimit.New(5, time.Minute, opts...)
			require.Equal(t, 200, through(t, rl, from("198.51.100.1:1")).StatusCode())

			s.Stop()
			start := time.Now()
			for range 3 {
				res := through(t, rl, from("198.51.100.1:1"))
				assert.Equal(t, tc.wantStatus, res.StatusCode())
				if tc.open {
					assert.Empty(t, res.Header.Get("RateLimit-Limit"), "nothing was counted")
				} else {
					assert.Equal(t, "1", res.Header.Get("Retry-After"))
				}
			}
			err := rl.Before(from("198.51.100.1:1"))
			if tc.open {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, ratelimit.ErrUnavailable)
			}
			elapsed := time.Since(start)
			out := logs.String()
			assert.Contains(t, out, "ratelimit: store failed")
			assert.Contains(t, out, tc.wantLog)
			lines := strings.Count(out, "store failed")
			assert.LessOrEqual(t, lines, 1+int(elapsed/time.Second), "one line a second, not one per request:\n%s", out)
		})
	}
}

// TestResponderAnswersStoreFailures: the Responder builds the 503 of a
// store that fails, as it builds the 429.
func TestResponderAnswersStoreFailures(t *testing.T) {
	c := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1}) // nothing listens
	defer c.Close()
	rl := ratelimit.New(1, time.Minute, ratelimit.Redis(c, "down"),
		ratelimit.Logger(slog.New(slog.DiscardHandler)),
		ratelimit.Responder(func(req *iron.Request, err error) *iron.Response {
			_, counted := ratelimit.Get(req)
			assert.False(t, counted, "nothing was counted")
			assert.ErrorIs(t, err, ratelimit.ErrUnavailable)
			return iron.With(iron.JSON, `{"error":"try again"}`)
		}))
	res := through(t, rl, from("198.51.100.1:1"))
	assert.Equal(t, http.StatusServiceUnavailable, res.StatusCode())
	assert.Equal(t, "application/json", res.ContentType())
	assert.Equal(t, "1", res.Header.Get("Retry-After"))
	assert.Empty(t, res.Header.Get("RateLimit-Limit"))
}

func TestRedisOptionPanics(t *testing.T) {
	c := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer c.Close()
	for _, tc := range []struct {
		name string
		fn   func()
		msg  string
	}{
		{"empty name", func() { ratelimit.New(1, time.Second, ratelimit.Redis(c, "")) }, `ratelimit: Redis(client, "")`},
		{"name with space", func() { ratelimit.New(1, time.Second, ratelimit.Redis(c, "a b")) }, `ratelimit: Redis(client, "a b")`},
		{"MaxKeys with Redis", func() { ratelimit.New(1, time.Second, ratelimit.Redis(c, "x"), ratelimit.MaxKeys(5)) }, "ratelimit: MaxKeys(5) with Redis"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				p := recover()
				require.NotNil(t, p)
				assert.Contains(t, p.(error).Error(), tc.msg)
			}()
			tc.fn()
		})
	}
}

// TestRedisThatDoesNotAnswer is a Redis that accepts connections and says
// nothing: the Timeout bounds each request.
func TestRedisThatDoesNotAnswer(t *testing.T) {
	addr := redistest.Silent(t)
	c := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, ContextTimeoutEnabled: true})
	t.Cleanup(func() { _ = c.Close() })
	rl := ratelimit.New(5, time.Minute, ratelimit.Redis(c, "silent"), ratelimit.Timeout(100*time.Millisecond),
		ratelimit.Logger(slog.New(slog.DiscardHandler)))

	start := time.Now()
	err := rl.Before(from("198.51.100.1:1"))
	assert.ErrorIs(t, err, ratelimit.ErrUnavailable)
	assert.Less(t, time.Since(start), 2*time.Second, "bounded by the Timeout, not the client's 3s ReadTimeout")
}
