package auth_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/auth"
)

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// withAuth returns a request with one Authorization header per value.
func withAuth(values ...string) *iron.Request {
	req := iron.NewRequest("GET", "/", nil)
	for _, v := range values {
		req.Header().Add("Authorization", v)
	}
	return req
}

// outcome runs mw's Before and returns the status sent, the challenge and
// the error (nil when authenticated).
func outcome(t *testing.T, mw iron.BeforeMiddleware, req *iron.Request) (int, string, error) {
	t.Helper()
	err := mw.Before(req)
	if err == nil {
		return 200, "", nil
	}
	res := iron.ErrorResponse(err)
	return res.StatusCode(), res.Header.Get("WWW-Authenticate"), err
}

var basicChallenge = `Basic realm="restricted", charset="UTF-8"`

func TestBasic(t *testing.T) {
	basic := auth.NewBasic(auth.Users(map[string]string{"alice": "wonderland", "bob": "pa:ss wörd"}))
	for _, tc := range []struct {
		name          string
		headers       []string
		wantStatus    int
		wantChallenge string
		wantErr       error
		wantUser      string
	}{
		{"right", []string{"Basic " + b64("alice:wonderland")}, 200, "", nil, "alice"},
		{"password with a colon and UTF-8", []string{"Basic " + b64("bob:pa:ss wörd")}, 200, "", nil, "bob"},
		{"scheme is case-insensitive", []string{"bAsIc " + b64("alice:wonderland")}, 200, "", nil, "alice"},
		{"several spaces", []string{"Basic   " + b64("alice:wonderland")}, 200, "", nil, "alice"},
		{"no header", nil, 401, basicChallenge, auth.ErrNoCredentials, ""},
		{"another scheme", []string{"Bearer abc"}, 401, basicChallenge, auth.ErrNoCredentials, ""},
		{"wrong password", []string{"Basic " + b64("alice:Wonderland")}, 401, basicChallenge, auth.ErrBadCredentials, ""},
		{"unknown user", []string{"Basic " + b64("mallory:wonderland")}, 401, basicChallenge, auth.ErrBadCredentials, ""},
		{"other user's password", []string{"Basic " + b64("alice:pa:ss wörd")}, 401, basicChallenge, auth.ErrBadCredentials, ""},
		{"empty user and password", []string{"Basic " + b64(":")}, 401, basicChallenge, auth.ErrBadCredentials, ""},
		{"no credentials", []string{"Basic"}, 400, "", auth.ErrMalformed, ""},
		{"only spaces", []string{"Basic    "}, 400, "", auth.ErrMalformed, ""},
		{"not base64", []string{"Basic !!!"}, 400, "", auth.ErrMalformed, ""},
		{"unpadded base64", []string{"Basic " + strings.TrimRight(b64("alice:wonderland!"), "=")}, 400, "", auth.ErrMalformed, ""},
		{"no colon", []string{"Basic " + b64("alice")}, 400, "", auth.ErrMalformed, ""},
		{"control character", []string{"Basic " + b64("alice:wonder\nland")}, 400, "", auth.ErrMalformed, ""},
		{"NUL in user", []string{"Basic " + b64("ali\x00ce:wonderland")}, 400, "", auth.ErrMalformed, ""},
		{"two headers", []string{"Basic " + b64("alice:wonderland"), "Basic " + b64("alice:wonderland")}, 400, "", auth.ErrMalformed, ""},
		{"no scheme", []string{" " + b64("alice:wonderland")}, 400, "", auth.ErrMalformed, ""},
		{"tab after scheme", []string{"Basic\t" + b64("alice:wonderland")}, 400, "", auth.ErrMalformed, ""},
		{"huge garbage", []string{"Basic " + strings.Repeat("A", 1<<16) + "!"}, 400, "", auth.ErrMalformed, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := withAuth(tc.headers...)
			status, challenge, err := outcome(t, basic, req)
			assert.Equal(t, tc.wantStatus, status)
			assert.Equal(t, tc.wantChallenge, challenge)
			if tc.wantErr != nil {
				assert.ErrorIs(t, err, tc.wantErr)
			}
			user, ok := auth.User(req)
			assert.Equal(t, tc.wantUser != "", ok)
			assert.Equal(t, tc.wantUser, user)
		})
	}
}

func TestBearer(t *testing.T) {
	bearer := auth.NewBearer(func(_ *iron.Request, token string) (string, error) {
		switch token {
		case "mF_9.B5f-4.1JqM":
			return "svc-backup", nil
		case "read-only":
			return "", fmt.Errorf("token %w", auth.ErrInsufficientScope)
		case "db-down":
			return "", errors.New("token store unreachable")
		}
		return "", auth.ErrInvalidToken
	}, auth.Realm(`api "v2"`))
	const realm = `Bearer realm="api \"v2\""`
	for _, tc := range []struct {
		name          string
		headers       []string
		wantStatus    int
		wantChallenge string
		wantErr       error
		wantUser      string
	}{
		{"valid", []string{"Bearer mF_9.B5f-4.1JqM"}, 200, "", nil, "svc-backup"},
		{"case-insensitive scheme", []string{"bearer mF_9.B5f-4.1JqM"}, 200, "", nil, "svc-backup"},
		{"no header: no error code", nil, 401, realm, auth.ErrNoCredentials, ""},
		{"another scheme", []string{"Basic " + b64("a:b")}, 401, realm, auth.ErrNoCredentials, ""},
		{"unknown token", []string{"Bearer nope"}, 401, realm + `, error="invalid_token"`, auth.ErrInvalidToken, ""},
		{"insufficient scope", []string{"Bearer read-only"}, 403, realm + `, error="insufficient_scope"`, auth.ErrInsufficientScope, ""},
		{"no token", []string{"Bearer"}, 400, realm + `, error="invalid_request"`, auth.ErrMalformed, ""},
		{"token with a space", []string{"Bearer a b"}, 400, realm + `, error="invalid_request"`, auth.ErrMalformed, ""},
		{"token with a quote", []string{`Bearer "abc"`}, 400, realm + `, error="invalid_request"`, auth.ErrMalformed, ""},
		{"padding in the middle", []string{"Bearer ab=c"}, 400, realm + `, error="invalid_request"`, auth.ErrMalformed, ""},
		{"only padding", []string{"Bearer =="}, 400, realm + `, error="invalid_request"`, auth.ErrMalformed, ""},
		{"two headers", []string{"Bearer a", "Bearer b"}, 400, realm + `, error="invalid_request"`, auth.ErrMalformed, ""},
		{"empty header", []string{""}, 400, realm + `, error="invalid_request"`, auth.ErrMalformed, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := withAuth(tc.headers...)
			status, challenge, err := outcome(t, bearer, req)
			assert.Equal(t, tc.wantStatus, status)
			assert.Equal(t, tc.wantChallenge, challenge)
			if tc.wantErr != nil {
				assert.ErrorIs(t, err, tc.wantErr)
			}
			user, _ := auth.User(req)
			assert.Equal(t, tc.wantUser, user)
		})
	}

	t.Run("verify failure is a bare 500", func(t *testing.T) {
		err := bearer.Before(withAuth("Bearer db-down"))
		require.Error(t, err)
		assert.NotErrorAs(t, err, new(*iron.Error))
		assert.Equal(t, 500, iron.ErrorResponse(err).StatusCode())
		body, _ := iron.ErrorResponse(err).Body().Text()
		assert.NotContains(t, body, "unreachable")
	})
}

func TestTokens(t *testing.T) {
	verify := auth.Tokens(map[string]string{"t0k3n": "ci", "s3cr3t==": "deploy"})
	for _, tc := range []struct {
		token, want string
		err         error
	}{
		{"t0k3n", "ci", nil},
		{"s3cr3t==", "deploy", nil},
		{"t0k3", "", auth.ErrInvalidToken},
		{"t0k3nx", "", auth.ErrInvalidToken},
		{"", "", auth.ErrInvalidToken},
	} {
		sub, err := verify(nil, tc.token)
		assert.Equal(t, tc.want, sub, tc.token)
		assert.ErrorIs(t, err, tc.err)
		if tc.err == nil {
			assert.NoError(t, err)
		}
	}
}

func TestOptions(t *testing.T) {
	t.Run("Skip", func(t *testing.T) {
		b := auth.NewBasic(auth.Users(map[string]string{"a": "b"}), auth.Skip(func(req *iron.Request) bool { return req.Path() == "/public" }))
		assert.NoError(t, b.Before(iron.NewRequest("GET", "/public", nil)))
		assert.Error(t, b.Before(iron.NewRequest("GET", "/private", nil)))
	})
	t.Run("Responder keeps the challenge and the status", func(t *testing.T) {
		b := auth.NewBasic(auth.Users(map[string]string{"a": "b"}), auth.Realm("admin"),
			auth.Responder(func(req *iron.Request, err error) *iron.Response {
				return iron.With(iron.JSON, fmt.Sprintf(`{"error":%q}`, err.Error()))
			}))
		err := b.Before(iron.NewRequest("GET", "/", nil))
		res := iron.ErrorResponse(err)
		assert.Equal(t, 401, res.StatusCode())
		assert.Equal(t, `Basic realm="admin", charset="UTF-8"`, res.Header.Get("WWW-Authenticate"))
		body, _ := res.Body().Text()
		assert.Equal(t, `{"error":"auth: no credentials"}`, body)
	})
	t.Run("Responder's response is not changed", func(t *testing.T) {
		// A responder may return one response to every request, as a
		// handler may: the status and challenge go on a copy.
		shared := iron.With(iron.JSON, `{"error":"sign in"}`)
		b := auth.NewBearer(auth.Tokens(map[string]string{"t": "s"}),
			auth.Responder(func(*iron.Request, error) *iron.Response { return shared }))
		for range 2 {
			res := iron.ErrorResponse(b.Before(iron.NewRequest("GET", "/", nil)))
			assert.Equal(t, 401, res.StatusCode())
			assert.Equal(t, `Bearer realm="restricted"`, res.Header.Get("WWW-Authenticate"))
		}
		assert.Zero(t, shared.Status)
		assert.Empty(t, shared.Header)
	})
}

func TestPanics(t *testing.T) {
	users := auth.Users(map[string]string{"a": "b"})
	for _, tc := range []struct {
		name string
		fn   func()
		msg  string
	}{
		{"nil Basic verify", func() { auth.NewBasic(nil) }, "auth: NewBasic(nil)"},
		{"nil Bearer verify", func() { auth.NewBearer(nil) }, "auth: NewBearer(nil)"},
		{"realm with newline", func() { auth.NewBasic(users, auth.Realm("a\r\nb")) }, `auth: Realm("a\r\nb")`},
		{"nil Skip", func() { auth.NewBasic(users, auth.Skip(nil)) }, "auth: Skip(nil)"},
		{"nil Responder", func() { auth.NewBasic(users, auth.Responder(nil)) }, "auth: Responder(nil)"},
		{"no users", func() { auth.Users(nil) }, "auth: Users(0 accounts)"},
		{"user with colon", func() { auth.Users(map[string]string{"a:b": "c"}) }, `user name "a:b" has a colon`},
		{"no tokens", func() { auth.Tokens(map[string]string{}) }, "auth: Tokens(0 tokens)"},
		{"bad token", func() { auth.Tokens(map[string]string{"a b": "x"}) }, `a token for "x" is not a token68`},
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

func TestThroughNetHTTPClient(t *testing.T) {
	// What net/http's client sends for SetBasicAuth is accepted.
	hr, err := http.NewRequest("GET", "http://example.com/", nil)
	require.NoError(t, err)
	hr.SetBasicAuth("alice", "wonderland")
	req := withAuth(hr.Header.Get("Authorization"))
	b := auth.NewBasic(auth.Users(map[string]string{"alice": "wonderland"}))
	require.NoError(t, b.Before(req))
	user, _ := auth.User(req)
	assert.Equal(t, "alice", user)
}

// TestBodiesSayWhy: a refusal's body says what to fix in the package's own
// words, never in a verify function's, which may be internal.
func TestBodiesSayWhy(t *testing.T) {
	basic := auth.NewBasic(auth.Users(map[string]string{"alice": "wonderland"}))
	bearer := auth.NewBearer(func(_ *iron.Request, token string) (string, error) {
		if token == "read-only" {
			return "", fmt.Errorf("token row 42 in db.tokens: %w", auth.ErrInsufficientScope)
		}
		return "", fmt.Errorf("revoked by admin at 03:00: %w", auth.ErrInvalidToken)
	})
	for _, tc := range []struct {
		name   string
		mw     iron.BeforeMiddleware
		header string
		want   string
	}{
		{"none", basic, "", "Unauthorized: auth: no credentials\n"},
		{"wrong", basic, "Basic " + b64("alice:x"), "Unauthorized: auth: wrong user or password\n"},
		{"malformed", basic, "Basic " + b64("alice"), "Bad Request: auth: malformed credentials: Basic credentials without a colon\n"},
		{"not token68", bearer, "Bearer a b", "Bad Request: auth: malformed credentials: the Bearer token is not a token68\n"},
		{"invalid token", bearer, "Bearer old", "Unauthorized: auth: invalid token\n"},
		{"scope", bearer, "Bearer read-only", "Forbidden: auth: insufficient scope\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var headers []string
			if tc.header != "" {
				headers = append(headers, tc.header)
			}
			res := iron.ErrorResponse(tc.mw.Before(withAuth(headers...)))
			body, _ := res.Body().Text()
			assert.Equal(t, tc.want, body)
		})
	}
}
