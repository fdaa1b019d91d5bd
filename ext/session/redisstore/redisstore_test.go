package redisstore_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/iron-go/iron/ext/session/redisstore"
	"github.com/iron-go/iron/internal/redistest"
)

func TestMain(m *testing.M) {
	redis.SetLogger(quiet{}) // the tests that stop Redis make go-redis complain
	goleak.VerifyTestMain(m)
}

type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}

// newClient returns a client of a fresh redis-server, closed when the test
// ends.
func newClient(t *testing.T) (*redis.Client, *redistest.Server) {
	srv := redistest.Start(t)
	c := redis.NewClient(&redis.Options{Addr: srv.Addr, ContextTimeoutEnabled: true, MaxRetries: -1})
	t.Cleanup(func() { c.Close() })
	return c, srv
}

func TestSaveLoadDelete(t *testing.T) {
	c, _ := newClient(t)
	s := redisstore.New(c)
	ctx := t.Context()

	data, err := s.Load(ctx, "ABC")
	require.NoError(t, err)
	assert.Nil(t, data, "nothing saved")

	require.NoError(t, s.Save(ctx, "ABC", []byte(`{"a":1}`), 90*time.Second))
	data, err = s.Load(ctx, "ABC")
	require.NoError(t, err)
	assert.Equal(t, `{"a":1}`, string(data))

	raw, err := c.Get(ctx, "session:ABC").Result()
	require.NoError(t, err)
	assert.Equal(t, `{"a":1}`, raw, "under the default prefix")
	ttl, err := c.PTTL(ctx, "session:ABC").Result()
	require.NoError(t, err)
	assert.InDelta(t, 90*time.Second, ttl, float64(5*time.Second), "Redis expires it")

	assert.ErrorContains(t, s.Save(ctx, "ABC", []byte("x"), 0), "under a millisecond", "Redis would keep it for ever")

	require.NoError(t, s.Delete(ctx, "ABC"))
	require.NoError(t, s.Delete(ctx, "never-saved"))
	data, err = s.Load(ctx, "ABC")
	require.NoError(t, err)
	assert.Nil(t, data)
	n, err := c.Exists(ctx, "session:ABC").Result()
	require.NoError(t, err)
	assert.Zero(t, n)
}

func TestPrefix(t *testing.T) {
	c, _ := newClient(t)
	a := redisstore.New(c, redisstore.Prefix("site-a:"))
	b := redisstore.New(c, redisstore.Prefix("site-b:"))
	ctx := t.Context()
	require.NoError(t, a.Save(ctx, "ID", []byte("a"), time.Minute))
	data, err := b.Load(ctx, "ID")
	require.NoError(t, err)
	assert.Nil(t, data, "prefixes keep sites apart")
	keys, err := c.Keys(ctx, "*").Result()
	require.NoError(t, err)
	assert.Equal(t, []string{"site-a:ID"}, keys)
}

func TestExpiresInRedis(t *testing.T) {
	c, _ := newClient(t)
	s := redisstore.New(c)
	ctx := t.Context()
	require.NoError(t, s.Save(ctx, "ID", []byte("x"), 1100*time.Millisecond))
	require.Eventually(t, func() bool {
		data, err := s.Load(ctx, "ID")
		return err == nil && data == nil
	}, 10*time.Second, 50*time.Millisecond)
}

func TestRedisDown(t *testing.T) {
	c, srv := newClient(t)
	s := redisstore.New(c, redisstore.Timeout(2*time.Second))
	ctx := t.Context()
	require.NoError(t, s.Save(ctx, "ID", []byte("x"), time.Minute))
	srv.Stop()

	start := time.Now()
	_, err := s.Load(ctx, "ID")
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "redisstore: GET: "), err.Error())
	assert.Error(t, s.Save(ctx, "ID", []byte("y"), time.Minute))
	assert.Error(t, s.Delete(ctx, "ID"))
	assert.Less(t, time.Since(start), 30*time.Second, "bounded, not hanging")
}

// TestTimeoutBoundsAnOperation points the store at a server that accepts
// connections and never answers, as a Redis behind a broken network does:
// each operation gives up at the store's timeout.
func TestTimeoutBoundsAnOperation(t *testing.T) {
	addr := redistest.Silent(t)
	c := redis.NewClient(&redis.Options{Addr: addr, ContextTimeoutEnabled: true, MaxRetries: -1})
	defer c.Close()
	s := redisstore.New(c, redisstore.Timeout(200*time.Millisecond))
	for _, op := range []func() error{
		func() error { _, err := s.Load(t.Context(), "ID"); return err },
		func() error { return s.Save(t.Context(), "ID", []byte("x"), time.Minute) },
		func() error { return s.Delete(t.Context(), "ID") },
	} {
		start := time.Now()
		err := op()
		require.Error(t, err)
		var ne net.Error
		assert.True(t, errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout(), "a timeout: %v", err)
		assert.Less(t, time.Since(start), 2*time.Second, "the store gave up at its timeout, not at the client's 5s read timeout")
	}
}

func TestOptionsPanic(t *testing.T) {
	assert.PanicsWithError(t, "redisstore: New(nil): no client", func() { redisstore.New(nil) })
	client := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	t.Cleanup(func() { client.Close() })
	assert.PanicsWithError(t, "redisstore: Timeout(0s): must be positive", func() { redisstore.New(client, redisstore.Timeout(0)) })
}
