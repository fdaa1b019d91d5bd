package session_test

import (
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/ext/session"
	"github.com/iron-go/iron/ext/session/memstore"
)

// inBubble runs fn, with fake time, once for each kind of store.
func inBubble(t *testing.T, opts []session.Option, fn func(t *testing.T, s *session.Sessions)) {
	for _, kind := range []string{"cookie", "memory"} {
		t.Run(kind, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var s *session.Sessions
				if kind == "cookie" {
					s = session.NewCookie(testCodec(), opts...)
				} else {
					m := memstore.New()
					defer m.Close()
					s = session.New(m, opts...)
				}
				fn(t, s)
			})
		})
	}
}

func TestIdleTimeout(t *testing.T) {
	opts := []session.Option{session.IdleTimeout(time.Hour), session.MaxAge(24 * time.Hour)}
	inBubble(t, opts, func(t *testing.T, s *session.Sessions) {
		c := newClient(t, sessionChain(s))
		c.get("/set?user=alice")
		require.Len(t, c.last, 1)
		assert.Equal(t, 3600, c.last[0].MaxAge)

		time.Sleep(59 * time.Minute)
		assert.Equal(t, "alice", c.get("/whoami"), "used within the idle timeout")
		require.Len(t, c.last, 1, "and its deadline pushed back")

		time.Sleep(59 * time.Minute)
		assert.Equal(t, "alice", c.get("/whoami"), "two hours on, used within each hour")
		time.Sleep(time.Hour)
		assert.Equal(t, "-", c.get("/whoami"), "idle for an hour: gone")
	})
}

func TestTouchIsRare(t *testing.T) {
	opts := []session.Option{session.IdleTimeout(80 * time.Minute)}
	inBubble(t, opts, func(t *testing.T, s *session.Sessions) {
		c := newClient(t, sessionChain(s))
		c.get("/set?user=alice")
		time.Sleep(9 * time.Minute)
		assert.Equal(t, "alice", c.get("/whoami"))
		assert.Empty(t, c.last, "less than an eighth of the idle timeout: no write")
		time.Sleep(time.Minute)
		assert.Equal(t, "alice", c.get("/whoami"))
		require.Len(t, c.last, 1, "an eighth: written again")
		assert.Equal(t, 80*60, c.last[0].MaxAge)
		assert.Equal(t, "alice", c.get("/whoami"))
		assert.Empty(t, c.last, "just written: no write")
	})
}

func TestAbsoluteTimeout(t *testing.T) {
	opts := []session.Option{session.IdleTimeout(time.Hour), session.MaxAge(3 * time.Hour)}
	inBubble(t, opts, func(t *testing.T, s *session.Sessions) {
		c := newClient(t, sessionChain(s))
		c.get("/set?user=alice")
		for range 5 { // busy for 2.5 hours
			time.Sleep(30 * time.Minute)
			require.Equal(t, "alice", c.get("/whoami"))
		}
		require.Len(t, c.last, 1)
		assert.Equal(t, 30*60, c.last[0].MaxAge, "the cookie lives until the absolute timeout")
		time.Sleep(30 * time.Minute)
		assert.Equal(t, "-", c.get("/whoami"), "three hours after it began: gone, however busy")
	})
}

func TestRenewRestartsTheAbsoluteTimeout(t *testing.T) {
	opts := []session.Option{session.IdleTimeout(time.Hour), session.MaxAge(2 * time.Hour)}
	inBubble(t, opts, func(t *testing.T, s *session.Sessions) {
		c := newClient(t, sessionChain(s))
		c.get("/set?user=anonymous")
		time.Sleep(90 * time.Minute)
		c.get("/whoami")
		c.do("POST", "/login?user=alice")
		time.Sleep(59 * time.Minute)
		assert.Equal(t, "alice", c.get("/whoami"), "2.5 hours after the first visit, 1 after signing in")
	})
}

func TestTimeoutOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func()
		says string
	}{
		{"idle too short", func() { session.NewCookie(testCodec(), session.IdleTimeout(time.Millisecond)) }, "session: IdleTimeout(1ms): must be at least 1s"},
		{"max age too short", func() { session.NewCookie(testCodec(), session.MaxAge(0)) }, "session: MaxAge(0s): must be at least 1s"},
		{"idle over max age", func() {
			session.NewCookie(testCodec(), session.IdleTimeout(2*time.Hour), session.MaxAge(time.Hour))
		}, "session: IdleTimeout(2h0m0s) is longer than MaxAge(1h0m0s), which always ends the session first"},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.PanicsWithError(t, tc.says, tc.fn) })
	}

	// A MaxAge shorter than the default idle timeout shortens it.
	synctest.Test(t, func(t *testing.T) {
		c := newClient(t, sessionChain(session.NewCookie(testCodec(), session.MaxAge(time.Minute))))
		c.get("/set?user=alice")
		require.Len(t, c.last, 1)
		assert.Equal(t, 60, c.last[0].MaxAge)
	})
}
