package session_test

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/cookie"
	"github.com/iron-go/iron/ext/session"
)

// TestHostileCookies sends session cookies that name no session: each must
// give a fresh session (a 200 signed out, a new ID once something is set),
// never an error, never a store lookup of a value that is not an ID.
func TestHostileCookies(t *testing.T) {
	codec := testCodec()
	otherKey := cookie.NewEncrypted([][]byte{bytes.Repeat([]byte{9}, 32)})
	now := time.Now().Unix()
	valid := codec.Encode("session", fmt.Appendf(nil, `{"id":"ABCDEFGHIJKLMNOPQRSTUVWXYZ","created":%d,"saved":%d,"values":{"user":"alice"}}`, now, now), time.Now().Add(time.Hour))
	for _, tc := range []struct {
		name, value string
		cookieOnly  bool
	}{
		{"garbage", "not-a-session", false},
		{"empty", "", false},
		{"huge", strings.Repeat("A", 8000), false},
		{"unknown ID", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", false},
		{"lower-case ID", "abcdefghijklmnopqrstuvwxyz", false},
		{"ID with a bad byte", "ABCDEFGHIJKLMNOPQRSTUVWXY1", false},
		{"ID too long", "ABCDEFGHIJKLMNOPQRSTUVWXYZA", false},
		{"redis command in the value", "x FLUSHALL *", false},
		{"flipped byte", valid[:10] + flip(valid[10]) + valid[11:], true},
		{"truncated", valid[:len(valid)-2], true},
		{"other key", otherKey.Encode("session", []byte(`{}`), time.Now().Add(time.Hour)), true},
		{"other cookie name", codec.Encode("prefs", []byte(`{}`), time.Now().Add(time.Hour)), true},
		{"expired", codec.Encode("session", []byte(`{}`), time.Now().Add(-time.Second)), true},
		{"authentic but not a record", codec.Encode("session", []byte(`[1,2]`), time.Now().Add(time.Hour)), true},
		{"authentic record with a bad ID", codec.Encode("session", fmt.Appendf(nil, `{"id":"x","created":%d,"saved":%d}`, now, now), time.Now().Add(time.Hour)), true},
		{"authentic record from the future", codec.Encode("session", fmt.Appendf(nil, `{"id":"ABCDEFGHIJKLMNOPQRSTUVWXYZ","created":%d,"saved":%d}`, now, now-10), time.Now().Add(time.Hour)), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logger, logs := logBuffer()
			store := &countingStore{Store: newMemStore(t)}
			for kind, s := range map[string]*session.Sessions{
				"cookie": session.NewCookie(codec, session.Logger(logger)),
				"memory": session.New(store, session.Logger(logger)),
			} {
				if tc.cookieOnly && kind != "cookie" {
					continue
				}
				c := newClient(t, sessionChain(s))
				c.cookies["session"] = tc.value
				assert.Equal(t, "-", c.get("/whoami"), kind)
				assert.Empty(t, c.last, kind)
				c.cookies["session"] = tc.value
				assert.Equal(t, "ok", c.get("/set?user=bob"), kind)
				require.Len(t, c.last, 1, kind)
				assert.NotEqual(t, tc.value, c.cookies["session"], "%s: a new session", kind)
				if kind == "memory" && tc.name != "unknown ID" {
					assert.Zero(t, store.counts()[0], "a value that is not an ID is never looked up")
				}
				assert.Equal(t, "bob", c.get("/whoami"), kind)
			}
			if tc.name != "unknown ID" {
				// At Debug for a cookie that is not authentic, at Warn for
				// an authentic one that does not decode (a bug to look at).
				assert.Contains(t, logs.String(), "starting a fresh")
			}
		})
	}
	// The unmodified value loads, so the cases above fail for their change.
	c := newClient(t, sessionChain(session.NewCookie(codec)))
	c.cookies["session"] = valid
	assert.Equal(t, "alice", c.get("/whoami"))
}

func flip(c byte) string {
	if c == 'A' {
		return "B"
	}
	return "A"
}

// TestStoreDown covers a store that cannot answer, at each step: a 503
// whose error wraps ErrStore and the store's error, one log line, never a
// crash, and never a change reported as kept.
func TestStoreDown(t *testing.T) {
	down := errors.New("connection refused")
	for _, tc := range []struct {
		op             string
		method, target string
		signedIn       bool
	}{
		{"load", "GET", "/whoami", true},
		{"save", "GET", "/set?user=bob", false},
		{"delete", "POST", "/login?user=bob", true},
		{"delete", "POST", "/logout", true},
	} {
		t.Run(tc.op+" "+tc.target, func(t *testing.T) {
			logger, logs := logBuffer()
			store := &countingStore{Store: newMemStore(t)}
			h, seen := recordError(sessionChain(session.New(store, session.Logger(logger))))
			c := newClient(t, h)
			if tc.signedIn {
				c.get("/set?user=alice")
			}
			store.failWith(tc.op, down)

			status, body := c.do(tc.method, tc.target)
			assert.Equal(t, http.StatusServiceUnavailable, status)
			assert.Equal(t, "session store unavailable, try again later", body)
			assert.Empty(t, c.last, "no cookie for a session that was not kept")
			require.Error(t, *seen)
			assert.ErrorIs(t, *seen, session.ErrStore)
			assert.ErrorIs(t, *seen, down)
			assert.Equal(t, "1", iron.ErrorResponse(*seen).Header.Get("Retry-After"), "when to try again")
			assert.Equal(t, 1, strings.Count(logs.String(), "session: store failed"), logs.String())
			assert.Contains(t, logs.String(), "op="+tc.op)
			assert.Contains(t, logs.String(), "connection refused")

			store.failWith("", nil)
			if tc.signedIn {
				assert.Equal(t, "alice", c.get("/whoami"), "the store is back: nothing was lost")
			}
		})
	}
}

func TestErrorPath(t *testing.T) {
	for kind, s := range kinds(t) {
		t.Run(kind, func(t *testing.T) {
			c := newClient(t, sessionChain(s))
			for i := range 3 {
				status, body := c.do("POST", "/count-then-401")
				require.Equal(t, http.StatusUnauthorized, status)
				assert.Equal(t, "wrong password", body)
				require.Len(t, c.last, 1, "attempt %d: the count is saved on a deliberate 401", i)
			}
			assert.Empty(t, errUnauthorized.Response.Header.Values("Set-Cookie"), "the shared answer is not changed")

			status, _ := c.do("POST", "/set-then-500")
			assert.Equal(t, http.StatusInternalServerError, status)
			assert.Empty(t, c.last, "a request that broke keeps none of its changes")
			assert.Equal(t, "-", c.get("/whoami"))
		})
	}
}

func TestCookieStoreSizeLimit(t *testing.T) {
	logger, logs := logBuffer()
	s := session.NewCookie(testCodec(), session.Logger(logger))
	h, seen := recordError(sessionChain(s))
	c := newClient(t, h)
	status, body := c.do("POST", "/big")
	assert.Equal(t, http.StatusInternalServerError, status)
	assert.NotContains(t, body, "cookie", "nothing internal in the answer")
	assert.Empty(t, c.last)
	require.ErrorIs(t, *seen, cookie.ErrTooLarge)
	assert.Contains(t, (*seen).Error(), "over the 4096 a browser keeps")
	assert.Contains(t, logs.String(), "session: not saved")
}

func TestConstructorsPanic(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func()
		says string
	}{
		{"nil store", func() { session.New(nil) }, "session: New(nil): no store"},
		{"nil codec", func() { session.NewCookie(nil) }, "session: NewCookie(nil): no codec"},
		{"signed codec", func() { session.NewCookie(cookie.NewSigned(testKeys())) }, "session: NewCookie: the codec signs but does not encrypt; make it with cookie.NewEncrypted"},
		{"duplicate key", func() { session.NewKey[int]("user") }, `session: NewKey("user"): another key has this name`},
		{"empty key", func() { session.NewKey[int]("") }, "session: NewKey: empty name"},
		{"cookie name", func() { session.NewCookie(testCodec(), session.CookieName("a b")) }, `session: CookieName("a b"): not a valid cookie name`},
		{"path", func() { session.NewCookie(testCodec(), session.Path("app")) }, `session: Path("app"): must start with / and hold no control byte or ';'`},
		{"domain", func() { session.NewCookie(testCodec(), session.Domain("a;b")) }, `session: Domain("a;b"): not a host name`},
		{"same site", func() { session.NewCookie(testCodec(), session.SameSite(http.SameSiteDefaultMode)) }, "session: SameSite(1): must be http.SameSiteLaxMode, StrictMode or NoneMode"},
		{"secure", func() { session.NewCookie(testCodec(), session.Secure(nil)) }, "session: Secure(nil)"},
		{"logger", func() { session.NewCookie(testCodec(), session.Logger(nil)) }, "session: Logger(nil)"},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.PanicsWithError(t, tc.says, tc.fn) })
	}
}
