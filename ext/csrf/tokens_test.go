package csrf_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/csrf"
	"github.com/iron-go/iron/ext/session"
	"github.com/iron-go/iron/ext/session/memstore"
)

func TestTokenAccepted(t *testing.T) {
	b := newBrowser(t, protected())
	tok := b.token()
	assert.Len(t, tok, 86)

	body := "csrf_token=" + url.QueryEscape(tok) + "&note=hello"
	status, got := b.do("POST", "/echo", form, body)
	assert.Equal(t, http.StatusOK, status, got)
	assert.Equal(t, "read:"+body, got, "the handler reads the whole form")

	status, got = b.do("PUT", "/echo", "application/json", `{"a":1}`, "X-CSRF-Token: "+tok)
	assert.Equal(t, http.StatusOK, status, got)
	assert.Equal(t, `read:{"a":1}`, got)

	status, got = b.do("DELETE", "/echo", "", "", "X-Csrf-Token: "+tok)
	assert.Equal(t, http.StatusOK, status, got)
}

func TestEachTokenDiffersAllAreValid(t *testing.T) {
	b := newBrowser(t, protected())
	b.token()
	assert.Len(t, b.last.Header.Values("Set-Cookie"), 1, "the first token saves the secret in the session")
	seen := map[string]bool{}
	for range 20 {
		tok := b.token()
		require.False(t, seen[tok], "masked afresh each time")
		require.Empty(t, b.last.Header.Values("Set-Cookie"), "the secret is saved once")
		seen[tok] = true
	}
	for tok := range seen {
		status, body := b.do("POST", "/echo", "", "", "X-CSRF-Token: "+tok)
		require.Equal(t, http.StatusOK, status, body)
	}
}

func TestTokenRefused(t *testing.T) {
	b := newBrowser(t, protected())
	tok := b.token()
	other := newBrowser(t, protected())
	othersToken := other.token()
	flipped := []byte(tok)
	flipped[50] = "AB"[btoi(flipped[50] == 'A')] // another base64url letter
	for _, tc := range []struct {
		name        string
		contentType string
		body        string
		headers     []string
		want        error
		says        string
	}{
		{"nothing", "", "", nil, csrf.ErrTokenMissing, "send the token in the csrf_token form field or the X-CSRF-Token header"},
		{"empty field", form, "csrf_token=&a=1", nil, csrf.ErrTokenMissing, "csrf_token"},
		{"field of another name", form, "csrf=" + tok, nil, csrf.ErrTokenMissing, "csrf_token"},
		{"in the query string", form, "", nil, csrf.ErrTokenMissing, "csrf_token"},
		{"JSON body", "application/json", `{"csrf_token":"` + tok + `"}`, nil, csrf.ErrTokenMissing, "csrf_token"},
		{"another session's", form, "csrf_token=" + othersToken, nil, csrf.ErrTokenInvalid, "not this session's"},
		{"one bit changed", "", "", []string{"X-CSRF-Token: " + string(flipped)}, csrf.ErrTokenInvalid, "not this session's"},
		{"truncated", "", "", []string{"X-CSRF-Token: " + tok[:85]}, csrf.ErrTokenInvalid, "malformed"},
		{"padded", "", "", []string{"X-CSRF-Token: " + tok + "=="}, csrf.ErrTokenInvalid, "malformed"},
		{"not base64", "", "", []string{"X-CSRF-Token: " + strings.Repeat("!", 86)}, csrf.ErrTokenInvalid, "malformed"},
		{"the unmasked length", "", "", []string{"X-CSRF-Token: " + tok[:43]}, csrf.ErrTokenInvalid, "malformed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, seen := recordError(protected())
			b.h = h
			target := "/echo"
			if tc.name == "in the query string" {
				target += "?csrf_token=" + url.QueryEscape(tok)
			}
			status, body := b.do("POST", target, tc.contentType, tc.body, tc.headers...)
			assert.Equal(t, http.StatusForbidden, status)
			assert.Contains(t, body, tc.says)
			assert.True(t, strings.HasPrefix(body, "Forbidden: csrf: "), body)
			assert.ErrorIs(t, *seen, tc.want)
			assert.Empty(t, b.last.Header.Values("Set-Cookie"), "a refused request changes no session")
		})
	}
	// The token itself still works: the refusals are for the changes.
	b.h = protected()
	status, body := b.do("POST", "/echo", "", "", "X-CSRF-Token: "+tok)
	assert.Equal(t, http.StatusOK, status, body)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func recordError(h iron.Handler) (iron.Handler, *error) {
	var seen error
	return iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		res, err := h.Handle(req)
		seen = err
		return res, err
	}), &seen
}

func TestSignInRenewsTheToken(t *testing.T) {
	b := newBrowser(t, protected())
	before := b.token()
	status, _ := b.do("POST", "/login", form, "csrf_token="+before)
	require.Equal(t, http.StatusOK, status)

	status, body := b.do("POST", "/echo", form, "csrf_token="+before)
	assert.Equal(t, http.StatusForbidden, status, "a token from before sign-in is worthless after")
	assert.Contains(t, body, "not this session's")

	after := b.token()
	status, _ = b.do("POST", "/echo", form, "csrf_token="+after)
	assert.Equal(t, http.StatusOK, status)

	status, _ = b.do("POST", "/logout", form, "csrf_token="+after)
	require.Equal(t, http.StatusOK, status)
	status, _ = b.do("POST", "/echo", form, "csrf_token="+after)
	assert.Equal(t, http.StatusForbidden, status, "nor after sign-out")
}

func TestSafeAndSkipped(t *testing.T) {
	b := newBrowser(t, protected(csrf.Skip(func(req *iron.Request) bool { return strings.HasPrefix(req.Path(), "/hooks/") })))
	for _, m := range []string{"GET", "HEAD", "OPTIONS", "TRACE"} {
		status, _ := b.do(m, "/echo", "", "")
		assert.Equal(t, http.StatusOK, status, m)
	}
	for _, m := range []string{"POST", "PUT", "PATCH", "DELETE", "PROPFIND"} {
		status, _ := b.do(m, "/echo", "", "")
		assert.Equal(t, http.StatusForbidden, status, m)
		status, _ = b.do(m, "/hooks/github", "", "")
		assert.Equal(t, http.StatusOK, status, "%s skipped", m)
	}
}

func TestResponder(t *testing.T) {
	b := newBrowser(t, protected(csrf.Responder(func(req *iron.Request, err error) *iron.Response {
		if errors.Is(err, csrf.ErrTokenMissing) {
			return iron.With(http.StatusForbidden, iron.JSON, `{"error":"csrf"}`)
		}
		return nil
	})))
	status, body := b.do("POST", "/echo", "", "")
	assert.Equal(t, http.StatusForbidden, status)
	assert.Equal(t, `{"error":"csrf"}`, body)
	status, body = b.do("POST", "/echo", "", "", "X-CSRF-Token: x")
	assert.Equal(t, http.StatusForbidden, status)
	assert.Contains(t, body, "malformed", "nil: the default answer")
}

func TestHeaderOption(t *testing.T) {
	b := newBrowser(t, protected(csrf.Header("X-XSRF-TOKEN")))
	tok := b.token()
	status, _ := b.do("POST", "/echo", "", "", "X-CSRF-Token: "+tok)
	assert.Equal(t, http.StatusForbidden, status)
	status, _ = b.do("POST", "/echo", "", "", "X-Xsrf-Token: "+tok)
	assert.Equal(t, http.StatusOK, status)
}

func TestMultipartForm(t *testing.T) {
	b := newBrowser(t, protected(csrf.MaxBodyBytes(64<<10)))
	tok := b.token()
	build := func(fields ...[2]string) (string, string) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		for _, f := range fields {
			if f[0] == "file" {
				fw, err := w.CreateFormFile("file", "a.txt")
				require.NoError(t, err)
				fw.Write([]byte(f[1]))
				continue
			}
			require.NoError(t, w.WriteField(f[0], f[1]))
		}
		require.NoError(t, w.Close())
		return w.FormDataContentType(), buf.String()
	}
	big := strings.Repeat("x", 100<<10)
	for _, tc := range []struct {
		name   string
		fields [][2]string
		status int
	}{
		{"token first", [][2]string{{"csrf_token", tok}, {"title", "t"}, {"file", big}}, http.StatusOK},
		{"token after text fields", [][2]string{{"title", "t"}, {"csrf_token", tok}, {"file", "small"}}, http.StatusOK},
		{"token after the file", [][2]string{{"file", "small"}, {"csrf_token", tok}}, http.StatusForbidden},
		{"token past the read limit", [][2]string{{"title", big}, {"csrf_token", tok}}, http.StatusForbidden},
		{"no token", [][2]string{{"title", "t"}}, http.StatusForbidden},
		{"wrong token", [][2]string{{"csrf_token", "x"}}, http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ct, body := build(tc.fields...)
			status, got := b.do("POST", "/echo", ct, body)
			assert.Equal(t, tc.status, status, got)
			if status == http.StatusOK {
				assert.Equal(t, "read:"+body, got, "the handler reads the whole body, as sent")
			}
		})
	}
	status, _ := b.do("POST", "/echo", "multipart/form-data", "no boundary")
	assert.Equal(t, http.StatusForbidden, status)
}

func TestFormBodyLimit(t *testing.T) {
	h, seen := recordError(protected(csrf.MaxBodyBytes(1000)))
	b := newBrowser(t, h)
	tok := b.token()
	body := "csrf_token=" + tok + "&pad=" + strings.Repeat("x", 1000)
	status, got := b.do("POST", "/echo", form, body)
	assert.Equal(t, http.StatusRequestEntityTooLarge, status, got)
	assert.Contains(t, got, "at most 1000 bytes")
	assert.ErrorIs(t, *seen, iron.ErrBodyTooLarge)

	body = "csrf_token=" + tok + "&pad=" + strings.Repeat("x", 1000-len(tok)-16)
	require.Len(t, body, 1000)
	status, got = b.do("POST", "/echo", form, body)
	assert.Equal(t, http.StatusOK, status, got)
}

func TestSessionStoreDown(t *testing.T) {
	store := &flakyStore{Store: memstore.New()}
	defer store.Store.(*memstore.Store).Close()
	h := chain.New(iron.HandlerFunc(site)).Link(session.New(store, session.Logger(slog.New(slog.DiscardHandler)))).Link(csrf.New())
	b := newBrowser(t, h)
	tok := b.token()
	store.down = true
	status, body := b.do("POST", "/echo", "", "", "X-CSRF-Token: "+tok)
	assert.Equal(t, http.StatusServiceUnavailable, status, "the session's 503, not a 403")
	assert.Contains(t, body, "session store unavailable")
	status, _ = b.do("GET", "/form", "", "")
	assert.Equal(t, http.StatusServiceUnavailable, status)
}

type flakyStore struct {
	session.Store
	down bool
}

func (f *flakyStore) Load(ctx context.Context, id string) ([]byte, error) {
	if f.down {
		return nil, errors.New("connection refused")
	}
	return f.Store.Load(ctx, id)
}

func TestWithoutSessionMiddleware(t *testing.T) {
	h := chain.New(iron.HandlerFunc(site)).Link(csrf.New())
	b := newBrowser(t, h)
	status, _ := b.do("GET", "/form", "", "")
	assert.Equal(t, http.StatusInternalServerError, status)
	_, err := csrf.Token(iron.NewRequest("GET", "/", nil))
	assert.ErrorIs(t, err, session.ErrNotLinked)
}

func TestField(t *testing.T) {
	h := chain.New(iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		f, err := csrf.Field(req)
		if err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, string(f)), nil
	})).Link(sessions())
	b := newBrowser(t, h)
	_, body := b.do("GET", "/", "", "")
	assert.Regexp(t, `^<input type="hidden" name="csrf_token" value="[A-Za-z0-9_-]{86}">$`, body)
}

func TestOptionsPanic(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func()
		says string
	}{
		{"trusted origins on New", func() { csrf.New(csrf.TrustedOrigins("https://a.example")) }, "csrf: New: TrustedOrigins applies to NewCrossOrigin only"},
		{"header on NewCrossOrigin", func() { csrf.NewCrossOrigin(csrf.Header("X-T"), csrf.MaxBodyBytes(1)) }, "csrf: NewCrossOrigin: Header, MaxBodyBytes applies to New only"},
		{"bad header", func() { csrf.New(csrf.Header("X T")) }, `csrf: Header("X T"): not a header name`},
		{"max body", func() { csrf.New(csrf.MaxBodyBytes(0)) }, "csrf: MaxBodyBytes(0): must be positive"},
		{"skip", func() { csrf.New(csrf.Skip(nil)) }, "csrf: Skip(nil)"},
		{"responder", func() { csrf.New(csrf.Responder(nil)) }, "csrf: Responder(nil)"},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.PanicsWithError(t, tc.says, tc.fn) })
	}
	for _, o := range []string{"example.com", "https://", "https://a.example/", "https://a.example/x", "ftp://a.example",
		"https://a.example?x", "https://a.example#x", "https://u@a.example", "null", "*"} {
		assert.PanicsWithError(t,
			`csrf: TrustedOrigins("`+o+`"): an origin is scheme://host[:port], http or https, nothing more`,
			func() { csrf.NewCrossOrigin(csrf.TrustedOrigins(o)) }, o)
	}
}
