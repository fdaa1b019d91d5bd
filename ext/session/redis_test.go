package session_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/ext/session"
	"github.com/iron-go/iron/ext/session/redisstore"
	"github.com/iron-go/iron/internal/redistest"
)

// instance is one process of a site: its own Redis client, store and
// middleware, as a second instance behind a load balancer has.
func instance(t *testing.T, addr string, opts ...session.Option) *session.Sessions {
	c := redis.NewClient(&redis.Options{Addr: addr, ContextTimeoutEnabled: true, MaxRetries: -1})
	t.Cleanup(func() { c.Close() })
	return session.New(redisstore.New(c, redisstore.Timeout(2*time.Second)), opts...)
}

// TestInstancesShareSessions sends one browser's requests to two instances
// in turn, as a load balancer does: each sees what the other saved.
func TestInstancesShareSessions(t *testing.T) {
	srv := redistest.Start(t)
	a := sessionChain(instance(t, srv.Addr))
	b := sessionChain(instance(t, srv.Addr))
	browser := newClient(t, a)

	browser.h = a
	assert.Equal(t, "-", browser.get("/whoami"))
	status, _ := browser.do("POST", "/login?user=alice")
	require.Equal(t, http.StatusSeeOther, status)
	signedIn := browser.cookies["session"]

	browser.h = b
	assert.Equal(t, "alice", browser.get("/whoami"), "B sees the sign-in made on A")
	browser.get("/set?user=alice-renamed")

	browser.h = a
	assert.Equal(t, "alice-renamed", browser.get("/whoami"), "A sees the change made on B")

	// Sign out on B: A no longer knows the session, even for a client that
	// kept the old cookie.
	browser.h = b
	status, _ = browser.do("POST", "/logout")
	require.Equal(t, http.StatusSeeOther, status)
	replay := newClient(t, a)
	replay.cookies["session"] = signedIn
	assert.Equal(t, "-", replay.get("/whoami"))
}

func TestRedisKeysAndRenewal(t *testing.T) {
	srv := redistest.Start(t)
	rc := redis.NewClient(&redis.Options{Addr: srv.Addr})
	t.Cleanup(func() { rc.Close() })
	ctx := t.Context()
	c := newClient(t, sessionChain(instance(t, srv.Addr, session.IdleTimeout(10*time.Minute))))

	c.get("/set?user=x")
	anonymous := c.cookies["session"]
	assert.Equal(t, []string{"session:" + anonymous}, keys(t, rc))
	ttl, err := rc.TTL(ctx, "session:"+anonymous).Result()
	require.NoError(t, err)
	assert.InDelta(t, (10 * time.Minute).Seconds(), ttl.Seconds(), 5, "Redis expires it with the idle timeout")
	raw, err := rc.Get(ctx, "session:"+anonymous).Result()
	require.NoError(t, err)
	assert.Contains(t, raw, `"user":"x"`, "JSON, readable by a person")

	c.do("POST", "/login?user=alice")
	assert.Equal(t, []string{"session:" + c.cookies["session"]}, keys(t, rc), "the anonymous session is deleted")

	c.do("POST", "/logout")
	assert.Empty(t, keys(t, rc))
}

func keys(t *testing.T, rc *redis.Client) []string {
	ks, err := rc.Keys(context.Background(), "*").Result()
	require.NoError(t, err)
	return ks
}

// TestRedisGoesAway stops redis-server under a signed-in client: reads and
// writes answer 503 with a log line, none is reported as done, and nothing
// crashes.
func TestRedisGoesAway(t *testing.T) {
	srv := redistest.Start(t)
	logger, logs := logBuffer()
	h, seen := recordError(sessionChain(instance(t, srv.Addr, session.Logger(logger))))
	c := newClient(t, h)
	c.get("/set?user=alice")
	srv.Stop()

	for _, tc := range []struct{ method, target, op string }{
		{"GET", "/whoami", "op=load"},
		{"POST", "/login?user=bob", "op=load"},
	} {
		status, body := c.do(tc.method, tc.target)
		assert.Equal(t, http.StatusServiceUnavailable, status, tc.target)
		assert.Equal(t, "session store unavailable, try again later", body)
		assert.Empty(t, c.last)
		assert.ErrorIs(t, *seen, session.ErrStore)
		assert.Contains(t, logs.String(), tc.op)
	}

	// A new visitor's first write: nothing to load, the save fails.
	fresh := newClient(t, h)
	status, _ := fresh.do("GET", "/set?user=carol")
	assert.Equal(t, http.StatusServiceUnavailable, status, "a write that failed is not reported as success")
	assert.Empty(t, fresh.last)
	assert.Contains(t, logs.String(), "op=save")
	assert.Contains(t, logs.String(), "redisstore: SET")
	assert.Equal(t, 3, strings.Count(logs.String(), "session: store failed"), "one line per failed request")

	// An untouched request does not notice.
	assert.Equal(t, "hello", c.get("/untouched"))
}
