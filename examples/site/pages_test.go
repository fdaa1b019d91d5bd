package main

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testPages drives GET /, POST /login and POST /logout. rdb, when not nil,
// is the Redis the site keeps its sessions in.
func testPages(t *testing.T, s *instance, rdb *redis.Client) {
	t.Run("signed out", func(t *testing.T) {
		c := newClient(t, s.base)
		home := c.get("/")
		require.Equal(t, http.StatusOK, home.StatusCode)
		assert.Equal(t, "text/html; charset=utf-8", home.Header.Get("Content-Type"))
		assert.Equal(t, "no-store", home.Header.Get("Cache-Control"))
		assertSecurityHeaders(t, home.Header)
		assertLoginForm(t, home.body)
		assert.NotContains(t, home.body, "Signed in as")
	})

	t.Run("wrong password", func(t *testing.T) {
		for _, tc := range []struct{ user, password string }{
			{"alice", "builder"},
			{"alice", ""},
			{"mallory", "wonderland"}, // no such user
		} {
			c := newClient(t, s.base)
			a := c.login(tc.user, tc.password)
			assert.Equal(t, http.StatusUnauthorized, a.StatusCode, "%s/%s", tc.user, tc.password)
			assert.Equal(t, "text/html; charset=utf-8", a.Header.Get("Content-Type"))
			assertSecurityHeaders(t, a.Header)
			assertLoginForm(t, a.body)
			assert.Contains(t, a.body, "Wrong user name or password.")
			assert.Equal(t, http.StatusUnauthorized, c.get("/api/me").StatusCode, "still signed out")
		}
	})

	t.Run("csrf token", func(t *testing.T) {
		c := newClient(t, s.base)
		other := newClient(t, s.base)
		for _, tc := range []struct {
			name  string
			token string // "-" sends no field
		}{
			{"missing", "-"},
			{"empty", ""},
			{"garbage", "not-a-token"},
			{"another session's", other.token()},
		} {
			c.token() // the client has a session, with its own token
			form := url.Values{"username": {"alice"}, "password": {"wonderland"}}
			if tc.token != "-" {
				form.Set("csrf_token", tc.token)
			}
			a := c.postForm("/login", form)
			assert.Equal(t, http.StatusForbidden, a.StatusCode, tc.name)
			assert.Contains(t, a.body, "CSRF token", tc.name)
			assertSecurityHeaders(t, a.Header)
		}
		assert.Equal(t, http.StatusUnauthorized, c.get("/api/me").StatusCode, "not signed in by a refused form")
	})

	t.Run("sign in and out", func(t *testing.T) {
		c := newClient(t, s.base)
		tok := c.token()
		before := c.cookie()
		require.NotEmpty(t, before, "the sign-in page's session, which holds its CSRF token")

		a := c.postForm("/login", url.Values{"username": {"alice"}, "password": {"wonderland"}, "csrf_token": {tok}})
		require.Equal(t, http.StatusSeeOther, a.StatusCode, a.body)
		assert.Equal(t, "/", a.Header.Get("Location"))
		ck := sessionCookie(t, a.Response)
		assert.True(t, ck.HttpOnly, "HttpOnly")
		assert.Equal(t, http.SameSiteLaxMode, ck.SameSite)
		after := c.cookie()
		assert.NotEqual(t, before, after, "a new session on sign-in")
		if rdb != nil {
			// The cookie holds the session ID: a new one, and the old
			// session is gone from Redis.
			assert.Zero(t, rdb.Exists(t.Context(), "session:"+before).Val(), "the session before sign-in is deleted")
			assert.Equal(t, int64(1), rdb.Exists(t.Context(), "session:"+after).Val())
		}

		home := c.get("/")
		require.Equal(t, http.StatusOK, home.StatusCode)
		assert.Contains(t, home.body, "Signed in as alice")
		assert.Contains(t, home.body, `<form id="add-note">`)
		assert.Contains(t, home.body, `<form method="post" action="/logout">`)
		assert.Contains(t, home.body, `src="/static/app.js?v=`)
		assert.NotContains(t, home.body, `action="/login"`)
		assertSecurityHeaders(t, home.Header)
		require.Equal(t, http.StatusCreated, c.postJSON("/api/notes", `{"text":"on the page","priority":3}`).StatusCode)
		home = c.get("/")
		assert.Contains(t, home.body, `<span class="text">on the page</span>`, "the user's notes are listed")

		// The old token was bound to the session before sign-in.
		a = c.postForm("/logout", url.Values{"csrf_token": {tok}})
		assert.Equal(t, http.StatusForbidden, a.StatusCode, "a token from before sign-in")
		a = c.postForm("/logout", url.Values{})
		assert.Equal(t, http.StatusForbidden, a.StatusCode, "no token")
		assert.Equal(t, http.StatusOK, c.get("/api/me").StatusCode, "still signed in")

		signedIn := c.cookie()
		a = c.postForm("/logout", url.Values{"csrf_token": {c.token()}})
		require.Equal(t, http.StatusSeeOther, a.StatusCode, a.body)
		assert.Equal(t, "/", a.Header.Get("Location"))
		ck = sessionCookie(t, a.Response)
		assert.Negative(t, ck.MaxAge, "the cookie is deleted (Max-Age=0)")
		assert.Equal(t, http.StatusUnauthorized, c.get("/api/me").StatusCode)
		assertLoginForm(t, c.get("/").body)
		if rdb != nil {
			assert.Zero(t, rdb.Exists(t.Context(), "session:"+signedIn).Val(), "destroyed in Redis")
			// And so a copy of the cookie kept by someone is worthless.
			thief := newClient(t, s.base)
			thief.setCookie(signedIn)
			assert.Equal(t, http.StatusUnauthorized, thief.get("/api/me").StatusCode)
		}
	})

	// A session cookie that was tampered with, truncated or made up is
	// ignored: a fresh session, never an error.
	t.Run("tampered cookie", func(t *testing.T) {
		c := newClient(t, s.base)
		c.signIn("alice", "wonderland")
		good := c.cookie()
		flipped := []byte(good)
		flipped[len(flipped)/2] ^= 1
		for _, tc := range []struct{ name, value string }{
			{"one bit flipped", string(flipped)},
			{"truncated", good[:len(good)-4]},
			{"made up", "AAAAAAAAAAAAAAAAAAAAAAAAAA"},
			{"garbage", "%%%--not base64"},
		} {
			c.setCookie(tc.value)
			me := c.get("/api/me")
			assert.Equal(t, http.StatusUnauthorized, me.StatusCode, tc.name)
			home := c.get("/")
			assert.Equal(t, http.StatusOK, home.StatusCode, tc.name)
			assertLoginForm(t, home.body)
		}
		c.setCookie(good)
		assert.Equal(t, http.StatusOK, c.get("/api/me").StatusCode, "the good cookie still works")
	})
}

// assertLoginForm checks the sign-in form of the contract.
func assertLoginForm(t *testing.T, body string) {
	t.Helper()
	assert.Contains(t, body, `<form method="post" action="/login"`)
	assert.Contains(t, body, `name="username"`)
	assert.Contains(t, body, `name="password" type="password"`)
	assert.Regexp(t, tokenField, body)
}

// More than 5 sign-in attempts a minute from one client address: 429 with
// Retry-After, even with the right password; other clients are not held.
func testSignInLimit(t *testing.T, s *instance) {
	c := newClient(t, s.base)
	for i := 1; i <= loginAttempts; i++ {
		a := c.login("alice", "wrong")
		require.Equal(t, http.StatusUnauthorized, a.StatusCode, "attempt %d", i)
		assert.Equal(t, strconv.Itoa(loginAttempts-i), a.Header.Get("RateLimit-Remaining"), "attempt %d", i)
	}
	a := c.login("alice", "wonderland")
	require.Equal(t, http.StatusTooManyRequests, a.StatusCode, "the 6th attempt")
	retry, err := strconv.Atoi(a.Header.Get("Retry-After"))
	require.NoError(t, err, "Retry-After %q", a.Header.Get("Retry-After"))
	assert.Positive(t, retry)
	assert.LessOrEqual(t, retry, 60)
	assertSecurityHeaders(t, a.Header)
	assert.Equal(t, http.StatusUnauthorized, c.get("/api/me").StatusCode, "not signed in")

	// The page itself and the rest of the site are not limited.
	assert.Equal(t, http.StatusOK, c.get("/").StatusCode)
	other := newClient(t, s.base)
	assert.Equal(t, http.StatusSeeOther, other.login("alice", "wonderland").StatusCode, "another client")
}
