package session_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/realip"
	"github.com/iron-go/iron/ext/session"
	"github.com/iron-go/iron/irontest"
)

func TestValuesPersistAcrossRequests(t *testing.T) {
	for kind, s := range kinds(t) {
		t.Run(kind, func(t *testing.T) {
			c := newClient(t, sessionChain(s))
			assert.Equal(t, "-", c.get("/whoami"))
			assert.Empty(t, c.last, "a fresh session nothing was put in is never saved")
			assert.Equal(t, "ok", c.get("/set?user=alice"))
			require.Len(t, c.last, 1)
			assert.Equal(t, "alice", c.get("/whoami"))
			assert.Empty(t, c.last, "reading sets no cookie")
		})
	}
}

type profile struct {
	Name  string
	Admin bool
	Tags  []string
}

var (
	profileKey = session.NewKey[profile]("test.profile")
	chanKey    = session.NewKey[chan int]("test.chan")
)

func TestTypedValues(t *testing.T) {
	s := session.NewCookie(testCodec())
	h := chain.New(iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if req.Method() == "POST" {
			return iron.With(http.StatusOK), session.Set(req, profileKey, profile{Name: "alice", Tags: []string{"a", "b"}})
		}
		p, ok, err := session.Get(req, profileKey)
		require.NoError(t, err)
		require.True(t, ok)
		assert.Equal(t, profile{Name: "alice", Tags: []string{"a", "b"}}, p)
		n, ok, err := session.Get(req, countKey)
		require.NoError(t, err)
		assert.False(t, ok)
		assert.Zero(t, n)
		return iron.With(http.StatusOK), nil
	})).Link(s)
	c := newClient(t, h)
	status, _ := c.do("POST", "/")
	require.Equal(t, http.StatusOK, status)
	status, _ = c.do("GET", "/")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, `session.Key[session_test.profile]("test.profile")`, profileKey.String())
	assert.Equal(t, "test.profile", profileKey.Name())
}

func TestCookieAttributes(t *testing.T) {
	for _, tc := range []struct {
		name       string
		scheme     string
		opts       []session.Option
		secure     bool
		sameSite   http.SameSite
		path, host string
	}{
		{"plain http", "http", nil, false, http.SameSiteLaxMode, "/", ""},
		{"over TLS", "https", nil, true, http.SameSiteLaxMode, "/", ""},
		{"behind a TLS proxy", "http", []session.Option{session.Secure(func(*iron.Request) bool { return true })}, true, http.SameSiteLaxMode, "/", ""},
		{"strict, path, domain", "http", []session.Option{
			session.SameSite(http.SameSiteStrictMode), session.Path("/app"), session.Domain("example.com"),
			session.CookieName("sid"),
		}, false, http.SameSiteStrictMode, "/app", "example.com"},
		{"none is always secure", "http", []session.Option{session.SameSite(http.SameSiteNoneMode)}, true, http.SameSiteNoneMode, "/", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for kind, s := range kinds(t, tc.opts...) {
				c := newClient(t, sessionChain(s))
				c.scheme = tc.scheme
				c.get("/set?user=alice")
				require.Len(t, c.last, 1, kind)
				ck := c.last[0]
				assert.True(t, ck.HttpOnly, kind)
				assert.Equal(t, tc.secure, ck.Secure, kind)
				assert.Equal(t, tc.sameSite, ck.SameSite, kind)
				assert.Equal(t, tc.path, ck.Path, kind)
				assert.Equal(t, tc.host, ck.Domain, kind)
				assert.InDelta(t, session.DefaultIdleTimeout.Seconds(), float64(ck.MaxAge), 1, kind)
			}
		})
	}
}

// TestSecureBehindTrustedProxy: behind a proxy that terminates TLS and that
// ext/realip trusts, the cookie is Secure when the proxy says the client
// used HTTPS, as ext/secure decides HSTS; a client that says so itself is
// not believed.
func TestSecureBehindTrustedProxy(t *testing.T) {
	for _, tc := range []struct {
		name    string
		trusted string
		secure  bool
	}{
		{"trusted proxy says https", "192.0.2.1", true}, // iron.NewRequest's peer
		{"untrusted peer says https", "10.0.0.1", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := chain.New(iron.HandlerFunc(app)).
				Link(realip.New(realip.TrustedProxies(tc.trusted))).
				Link(session.NewCookie(testCodec()))
			req := iron.NewRequest("GET", "http://example.com/set?user=alice", nil)
			req.Header().Set("X-Forwarded-For", "198.51.100.7")
			req.Header().Set("X-Forwarded-Proto", "https")
			res := irontest.Do(h, req)
			ck, err := http.ParseSetCookie(res.Header.Get("Set-Cookie"))
			require.NoError(t, err)
			assert.Equal(t, tc.secure, ck.Secure)
		})
	}
}

func TestUntouchedRequestCostsNothing(t *testing.T) {
	store := &countingStore{Store: newMemStore(t)}
	c := newClient(t, sessionChain(session.New(store)))
	c.get("/set?user=alice")
	require.Equal(t, [3]int{0, 1, 0}, store.counts(), "a fresh session needs no load")

	c.get("/untouched")
	assert.Empty(t, c.last)
	assert.Equal(t, [3]int{0, 1, 0}, store.counts(), "a request that does not use its session loads nothing")

	c.get("/whoami")
	assert.Empty(t, c.last)
	assert.Equal(t, [3]int{1, 1, 0}, store.counts(), "reading loads once, writes nothing")

	c.get("/set?user=alice")
	assert.Empty(t, c.last, "the same value again changes nothing")
	assert.Equal(t, [3]int{2, 1, 0}, store.counts())

	c.get("/set?user=bob")
	assert.Len(t, c.last, 1)
	assert.Equal(t, [3]int{3, 2, 0}, store.counts())
}

func TestRenewOnSignIn(t *testing.T) {
	for kind, s := range kinds(t) {
		t.Run(kind, func(t *testing.T) {
			c := newClient(t, sessionChain(s))
			c.get("/set?user=anonymous-cart")
			before := c.get("/id")
			oldCookie := c.cookies["session"]

			status, _ := c.do("POST", "/login?user=alice")
			require.Equal(t, http.StatusSeeOther, status)
			require.Len(t, c.last, 1)
			assert.NotEqual(t, before, c.get("/id"), "a new ID")
			assert.Equal(t, "alice", c.get("/whoami"))

			if kind == "memory" {
				// The old ID no longer names a session.
				old := newClient(t, sessionChain(s))
				old.cookies["session"] = oldCookie
				assert.Equal(t, "-", old.get("/whoami"))
			}
		})
	}
}

func TestRenewDeletesTheOldSession(t *testing.T) {
	store := &countingStore{Store: newMemStore(t)}
	c := newClient(t, sessionChain(session.New(store)))
	c.get("/set?user=x")
	old := c.cookies["session"]
	c.do("POST", "/login?user=alice")
	assert.Equal(t, [3]int{1, 2, 1}, store.counts(), "load, save the new, delete the old")
	data, err := store.Store.Load(t.Context(), old)
	require.NoError(t, err)
	assert.Nil(t, data)
}

func TestDestroyOnSignOut(t *testing.T) {
	for kind, s := range kinds(t) {
		t.Run(kind, func(t *testing.T) {
			c := newClient(t, sessionChain(s))
			c.do("POST", "/login?user=alice")
			old := c.cookies["session"]
			status, _ := c.do("POST", "/logout")
			require.Equal(t, http.StatusSeeOther, status)
			require.Len(t, c.last, 1)
			assert.Equal(t, -1, c.last[0].MaxAge, "an expired cookie")
			assert.Equal(t, "", c.last[0].Value)
			assert.NotContains(t, c.cookies, "session")
			assert.Equal(t, "-", c.get("/whoami"))

			if kind == "memory" {
				replay := newClient(t, sessionChain(s))
				replay.cookies["session"] = old
				assert.Equal(t, "-", replay.get("/whoami"), "the old ID is gone from the store")
			}
		})
	}
}

func TestDestroyThenSet(t *testing.T) {
	store := &countingStore{Store: newMemStore(t)}
	c := newClient(t, sessionChain(session.New(store)))
	c.do("POST", "/login?user=alice")
	old := c.cookies["session"]
	c.get("/logout-with-notice")
	require.Len(t, c.last, 1)
	assert.NotEqual(t, old, c.cookies["session"], "a new session, under a new ID")
	assert.Equal(t, "signed-out", c.get("/whoami"))
	assert.Equal(t, 1, store.counts()[2], "the old one deleted")
}

func TestDestroyWithoutSessionSetsNothing(t *testing.T) {
	c := newClient(t, sessionChain(session.New(newMemStore(t))))
	status, _ := c.do("POST", "/logout")
	assert.Equal(t, http.StatusSeeOther, status)
	assert.Empty(t, c.last, "no cookie was sent, none to expire")
}

func TestIDs(t *testing.T) {
	s := session.New(newMemStore(t))
	seen := map[string]bool{}
	for range 200 {
		c := newClient(t, sessionChain(s))
		id := c.get("/id")
		require.Len(t, id, 26)
		require.Regexp(t, "^[A-Z2-7]{26}$", id)
		require.False(t, seen[id])
		seen[id] = true
	}
}

func TestNotLinked(t *testing.T) {
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		_, _, err := session.Get(req, userKey)
		assert.ErrorIs(t, err, session.ErrNotLinked)
		assert.ErrorIs(t, session.Set(req, userKey, "x"), session.ErrNotLinked)
		assert.ErrorIs(t, session.Delete(req, userKey), session.ErrNotLinked)
		assert.ErrorIs(t, session.Renew(req), session.ErrNotLinked)
		assert.ErrorIs(t, session.Destroy(req), session.ErrNotLinked)
		_, err = session.ID(req)
		assert.ErrorIs(t, err, session.ErrNotLinked)
		return iron.With(http.StatusOK), nil
	})
	_, err := h.Handle(iron.NewRequest("GET", "/", nil))
	require.NoError(t, err)
}

func TestDelete(t *testing.T) {
	s := session.NewCookie(testCodec())
	h := chain.New(iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if req.Method() == "DELETE" {
			return iron.With(http.StatusOK), session.Delete(req, userKey)
		}
		if req.Method() == "PUT" {
			return iron.With(http.StatusOK), session.Delete(req, countKey) // absent: no change
		}
		return app(req)
	})).Link(s)
	c := newClient(t, h)
	c.get("/set?user=alice")
	c.do("PUT", "/")
	assert.Empty(t, c.last, "deleting an absent value changes nothing")
	c.do("DELETE", "/")
	assert.Len(t, c.last, 1)
	assert.Equal(t, "-", c.get("/whoami"))
}

func TestSetUnencodable(t *testing.T) {
	s := session.NewCookie(testCodec())
	h := chain.New(iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		err := session.Set(req, chanKey, make(chan int))
		assert.ErrorIs(t, err, session.ErrNotEncoded)
		assert.Contains(t, err.Error(), "test.chan")
		return iron.With(http.StatusOK), nil
	})).Link(s)
	c := newClient(t, h)
	c.get("/")
	assert.Empty(t, c.last)
}

func TestValueOfAnotherTypeIsAbsent(t *testing.T) {
	// An earlier release saved "count" as a string; this one reads an int.
	logger, logs := logBuffer()
	codec := testCodec()
	s := session.NewCookie(codec, session.Logger(logger))
	now := time.Now().Unix()
	saved := fmt.Sprintf(`{"id":"ABCDEFGHIJKLMNOPQRSTUVWXYZ","created":%d,"saved":%d,"values":{"count":"many","user":"alice"}}`, now, now)
	c := newClient(t, sessionChain(s))
	c.cookies["session"] = codec.Encode("session", []byte(saved), time.Now().Add(time.Hour))
	assert.Equal(t, "alice", c.get("/whoami"), "the session is authentic and loads")

	status, _ := c.do("GET", "/count-then-401")
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Contains(t, logs.String(), "saved value does not decode")
	assert.Contains(t, logs.String(), "key=count")
	require.Len(t, c.last, 1, "counted from zero again and saved")
}

func TestVaryCookie(t *testing.T) {
	s := session.NewCookie(testCodec())
	for _, tc := range []struct {
		name, target string
		vary         []string
		want         []string
	}{
		{"session not used", "/untouched", nil, nil},
		{"session read", "/whoami", nil, []string{"Cookie"}},
		{"session written", "/set?user=a", []string{"Accept-Encoding"}, []string{"Accept-Encoding", "Cookie"}},
		{"already there", "/whoami", []string{"accept-encoding, cookie"}, []string{"accept-encoding, cookie"}},
		{"star", "/whoami", []string{"*"}, []string{"*"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := chain.New(iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
				res, err := app(req)
				for _, v := range tc.vary {
					res.AddHeader("Vary", v)
				}
				return res, err
			})).Link(s)
			res := irontest.Do(h, iron.NewRequest("GET", tc.target, nil))
			assert.Equal(t, tc.want, res.Header.Values("Vary"))
		})
	}
}
