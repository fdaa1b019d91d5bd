package secure_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/realip"
	"github.com/iron-go/iron/ext/secure"
)

var defaults = map[string]string{
	"Content-Security-Policy":    secure.DefaultContentSecurityPolicy,
	"X-Content-Type-Options":     "nosniff",
	"X-Frame-Options":            "DENY",
	"Referrer-Policy":            "strict-origin-when-cross-origin",
	"Cross-Origin-Opener-Policy": "same-origin",
}

func after(t *testing.T, s *secure.Secure, req *iron.Request, res *iron.Response) *iron.Response {
	t.Helper()
	out, err := s.After(req, res)
	require.NoError(t, err)
	return out
}

func TestDefaults(t *testing.T) {
	for _, tc := range []struct {
		name     string
		req      func() *iron.Request
		wantHSTS bool
	}{
		{"plain HTTP", func() *iron.Request { return iron.NewRequest("GET", "/", nil) }, false},
		{"TLS", func() *iron.Request { return iron.NewRequest("GET", "https://example.com/", nil) }, true},
		{"HTTPS at a trusted proxy", func() *iron.Request {
			req := iron.NewRequest("GET", "/", nil)
			req.Header().Set("X-Forwarded-Proto", "https")
			_ = realip.New(realip.TrustedProxies("192.0.2.0/24")).Before(req)
			return req
		}, true},
		{"X-Forwarded-Proto from anyone", func() *iron.Request {
			req := iron.NewRequest("GET", "/", nil)
			req.Header().Set("X-Forwarded-Proto", "https")
			_ = realip.New().Before(req)
			return req
		}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := after(t, secure.New(), tc.req(), iron.With(200, "<p>hi</p>", iron.TextHTML))
			for name, want := range defaults {
				assert.Equal(t, []string{want}, res.Header.Values(name), name)
			}
			if tc.wantHSTS {
				assert.Equal(t, "max-age=63072000; includeSubDomains", res.Header.Get("Strict-Transport-Security"))
			} else {
				assert.Empty(t, res.Header.Values("Strict-Transport-Security"))
			}
			assert.Empty(t, res.Header.Values("X-Xss-Protection"))
		})
	}
}

func TestHandlerHeadersWin(t *testing.T) {
	res := iron.With(200, http.Header{
		"Content-Security-Policy":   {"default-src *"},
		"X-Frame-Options":           {"SAMEORIGIN"},
		"Strict-Transport-Security": {"max-age=0"},
	})
	res = after(t, secure.New(), iron.NewRequest("GET", "https://example.com/", nil), res)
	assert.Equal(t, []string{"default-src *"}, res.Header.Values("Content-Security-Policy"))
	assert.Equal(t, []string{"SAMEORIGIN"}, res.Header.Values("X-Frame-Options"))
	assert.Equal(t, []string{"max-age=0"}, res.Header.Values("Strict-Transport-Security"))
	assert.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))
}

func TestOptions(t *testing.T) {
	s := secure.New(
		secure.ContentSecurityPolicy(""),
		secure.FrameOptions("sameorigin"),
		secure.ReferrerPolicy("no-referrer, strict-origin-when-cross-origin"),
		secure.CrossOriginOpenerPolicy(""),
		secure.StrictTransportSecurity("max-age=300; includeSubDomains; preload"),
	)
	res := after(t, s, iron.NewRequest("GET", "https://example.com/", nil), iron.With(200))
	assert.Empty(t, res.Header.Values("Content-Security-Policy"))
	assert.Empty(t, res.Header.Values("Cross-Origin-Opener-Policy"))
	assert.Equal(t, "SAMEORIGIN", res.Header.Get("X-Frame-Options"))
	assert.Equal(t, "no-referrer, strict-origin-when-cross-origin", res.Header.Get("Referrer-Policy"))
	assert.Equal(t, "max-age=300; includeSubDomains; preload", res.Header.Get("Strict-Transport-Security"))

	noHSTS := secure.New(secure.StrictTransportSecurity(""))
	res = after(t, noHSTS, iron.NewRequest("GET", "https://example.com/", nil), iron.With(200))
	assert.Empty(t, res.Header.Values("Strict-Transport-Security"))

	skip := secure.New(secure.Skip(func(req *iron.Request) bool { return req.Path() == "/raw" }))
	res = after(t, skip, iron.NewRequest("GET", "/raw", nil), iron.With(200))
	assert.Empty(t, res.Header)
	_, err := skip.CatchAfter(iron.NewRequest("GET", "/raw", nil), iron.Errorf(404, "no"))
	assert.Empty(t, iron.ErrorResponse(err).Header)
}

func TestErrorAnswersGetTheHeaders(t *testing.T) {
	notFound := iron.Errorf(http.StatusNotFound, "no such page")
	for _, tc := range []struct {
		name       string
		err        error
		wantStatus int
	}{
		{"an iron.Error", notFound, 404},
		{"a bare error", errors.New("database on fire"), 500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := secure.New().CatchAfter(iron.NewRequest("GET", "/", nil), tc.err)
			assert.Nil(t, res)
			require.ErrorIs(t, err, tc.err)
			sent := iron.ErrorResponse(err)
			assert.Equal(t, tc.wantStatus, sent.StatusCode())
			assert.Equal(t, "nosniff", sent.Header.Get("X-Content-Type-Options"))
			assert.Equal(t, secure.DefaultContentSecurityPolicy, sent.Header.Get("Content-Security-Policy"))
		})
	}
	assert.Empty(t, notFound.Response.Header, "a shared error response is not changed")

	// Through a chain, as the server sees it.
	h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return nil, notFound })
	_, err := chain.New(h).Link(secure.New()).Handle(iron.NewRequest("GET", "/", nil))
	assert.Equal(t, "DENY", iron.ErrorResponse(err).Header.Get("X-Frame-Options"))
}

func TestNonce(t *testing.T) {
	s := secure.New(secure.ContentSecurityPolicy("script-src 'self' 'nonce-{nonce}'; style-src 'nonce-{nonce}'"))
	seen := map[string]bool{}
	for range 3 {
		req := iron.NewRequest("GET", "/", nil)
		n := secure.Nonce(req)
		assert.Equal(t, n, secure.Nonce(req), "one nonce per request")
		assert.Len(t, n, 22)
		assert.NotContains(t, n, `'`)
		assert.False(t, seen[n], "a fresh nonce per request")
		seen[n] = true
		res := after(t, s, req, iron.With(200))
		assert.Equal(t, "script-src 'self' 'nonce-"+n+"'; style-src 'nonce-"+n+"'", res.Header.Get("Content-Security-Policy"))
	}

	// A page that never asked for one still gets a nonce no script carries.
	res := after(t, s, iron.NewRequest("GET", "/", nil), iron.With(200))
	csp := res.Header.Get("Content-Security-Policy")
	assert.NotContains(t, csp, "{nonce}")
	assert.Regexp(t, `^script-src 'self' 'nonce-[A-Za-z0-9+/]{22}'`, csp)
}

func TestNewPanics(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  secure.Option
		msg  string
	}{
		{"CSP with a newline", secure.ContentSecurityPolicy("default-src 'self'\r\nSet-Cookie: a=b"), `secure: ContentSecurityPolicy("default-src 'self'\r\nSet-Cookie: a=b")`},
		{"ALLOW-FROM", secure.FrameOptions("ALLOW-FROM https://a.example"), `secure: FrameOptions("ALLOW-FROM https://a.example")`},
		{"unknown referrer policy", secure.ReferrerPolicy("no-referer"), `unknown policy "no-referer"`},
		{"unknown COOP", secure.CrossOriginOpenerPolicy("same-site"), `secure: CrossOriginOpenerPolicy("same-site")`},
		{"HSTS without max-age", secure.StrictTransportSecurity("includeSubDomains"), `secure: StrictTransportSecurity("includeSubDomains")`},
		{"HSTS with a bad max-age", secure.StrictTransportSecurity("max-age=-1"), "max-age"},
		{"nil Skip", secure.Skip(nil), "secure: Skip(nil)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				p := recover()
				require.NotNil(t, p)
				assert.Contains(t, p.(error).Error(), tc.msg)
			}()
			secure.New(tc.opt)
		})
	}
}

func TestAnswersOwnTheirHeaders(t *testing.T) {
	s := secure.New()
	a := after(t, s, iron.NewRequest("GET", "/", nil), iron.With(200))
	b := after(t, s, iron.NewRequest("GET", "/", nil), iron.With(200))
	a.Header["X-Frame-Options"][0] = "changed"
	assert.Equal(t, "DENY", b.Header.Get("X-Frame-Options"))
	assert.Equal(t, "DENY", after(t, s, iron.NewRequest("GET", "/", nil), iron.With(200)).Header.Get("X-Frame-Options"))
}

func TestAllocations(t *testing.T) {
	s := secure.New()
	req := iron.NewRequest("GET", "/", nil)
	res := &iron.Response{Status: 200}
	allocs := testing.AllocsPerRun(100, func() {
		res.Header = nil
		_, _ = s.After(req, res)
	})
	assert.LessOrEqual(t, allocs, 3.0, "the header map and one array of values")
}
