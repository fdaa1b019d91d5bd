package cors_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/cors"
)

var errDown = errors.New("down")

// handler answers 200 "handled" and records that it ran.
type handler struct{ ran bool }

func (h *handler) Handle(req *iron.Request) (*iron.Response, error) {
	h.ran = true
	switch req.Path() {
	case "/fail":
		return nil, iron.NewError(errDown, http.StatusServiceUnavailable, "down")
	case "/nil":
		return nil, nil
	}
	return iron.With(http.StatusOK, "handled", http.Header{"X-Total": {"3"}, "Vary": {"Accept-Encoding"}}), nil
}

func serve(t *testing.T, cfg cors.Config, method, target string, headers map[string]string) (*iron.Response, error, bool) {
	t.Helper()
	mw := cors.New(cors.WithConfig(cfg))
	h := &handler{}
	req := iron.NewRequest(method, target, nil)
	for k, v := range headers {
		req.Header().Set(k, v)
	}
	res, err := chain.New(h).LinkAround(mw).Handle(req)
	return res, err, h.ran
}

var listed = cors.Config{
	AllowedOrigins: []string{"https://app.example.com", "http://localhost:3000", "https://*.example.org"},
	AllowedHeaders: []string{"Content-Type", "Authorization"},
	ExposedHeaders: []string{"X-Total", "X-Request-ID"},
	MaxAge:         10 * time.Minute,
}

func TestActualRequests(t *testing.T) {
	credentialed := listed
	credentialed.AllowCredentials = true
	anyOrigin := cors.Config{AllowedOrigins: []string{"*"}}
	byFunc := cors.Config{AllowOrigin: func(req *iron.Request, origin string) bool {
		return strings.HasSuffix(origin, ".internal") && req.Path() != "/secret"
	}}
	for _, tc := range []struct {
		name        string
		cfg         cors.Config
		method      string
		target      string
		origin      string
		wantStatus  int
		wantACAO    string
		wantCreds   string
		wantExposed string
	}{
		{name: "listed origin", cfg: listed, origin: "https://app.example.com", wantStatus: 200, wantACAO: "https://app.example.com", wantExposed: "X-Total, X-Request-ID"},
		{name: "origin case-insensitive", cfg: listed, origin: "HTTPS://APP.example.com", wantStatus: 200, wantACAO: "HTTPS://APP.example.com", wantExposed: "X-Total, X-Request-ID"},
		{name: "with port", cfg: listed, origin: "http://localhost:3000", wantStatus: 200, wantACAO: "http://localhost:3000", wantExposed: "X-Total, X-Request-ID"},
		{name: "wrong port", cfg: listed, origin: "http://localhost:3001", wantStatus: 200},
		{name: "wrong scheme", cfg: listed, origin: "http://app.example.com", wantStatus: 200},
		{name: "no origin", cfg: listed, wantStatus: 200},
		{name: "disallowed origin is served without CORS headers", cfg: listed, origin: "https://evil.com", wantStatus: 200},
		{name: "suffix attack", cfg: listed, origin: "https://app.example.com.evil.com", wantStatus: 200},
		{name: "wildcard subdomain", cfg: listed, origin: "https://a.example.org", wantStatus: 200, wantACAO: "https://a.example.org", wantExposed: "X-Total, X-Request-ID"},
		{name: "wildcard deeper subdomain", cfg: listed, origin: "https://a.b.example.org", wantStatus: 200, wantACAO: "https://a.b.example.org", wantExposed: "X-Total, X-Request-ID"},
		{name: "wildcard needs a label", cfg: listed, origin: "https://example.org", wantStatus: 200},
		{name: "wildcard keeps the scheme", cfg: listed, origin: "http://a.example.org", wantStatus: 200},
		{name: "wildcard keeps the port", cfg: listed, origin: "https://a.example.org:8443", wantStatus: 200},
		{name: "wildcard lookalike", cfg: listed, origin: "https://evilexample.org", wantStatus: 200},
		{name: "wildcard and a query", cfg: listed, origin: "https://evil.com?.example.org", wantStatus: 200},
		{name: "wildcard and a fragment", cfg: listed, origin: "https://evil.com#.example.org", wantStatus: 200},
		{name: "wildcard and a backslash", cfg: listed, origin: "https://evil.com\\.example.org", wantStatus: 200},
		{name: "wildcard and a port", cfg: listed, origin: "https://evil.com:1.example.org", wantStatus: 200},
		{name: "wildcard and userinfo", cfg: listed, origin: "https://x@evil.com.example.org", wantStatus: 200},
		{name: "wildcard and an empty label", cfg: listed, origin: "https://a..example.org", wantStatus: 200},
		{name: "wildcard and a space", cfg: listed, origin: "https://a b.example.org", wantStatus: 200},
		{name: "wildcard with digits and hyphens", cfg: listed, origin: "https://xn--caf-dma.a-1.example.org", wantStatus: 200, wantACAO: "https://xn--caf-dma.a-1.example.org", wantExposed: "X-Total, X-Request-ID"},
		{name: "null not listed", cfg: listed, origin: "null", wantStatus: 200},
		{name: "credentials", cfg: credentialed, origin: "https://app.example.com", wantStatus: 200, wantACAO: "https://app.example.com", wantCreds: "true", wantExposed: "X-Total, X-Request-ID"},
		{name: "any origin", cfg: anyOrigin, origin: "https://whoever.net", wantStatus: 200, wantACAO: "*"},
		{name: "func allows", cfg: byFunc, origin: "https://svc.internal", wantStatus: 200, wantACAO: "https://svc.internal"},
		{name: "func sees the request", cfg: byFunc, target: "/secret", origin: "https://svc.internal", wantStatus: 200},
		{name: "error response decorated", cfg: listed, target: "/fail", origin: "https://app.example.com", wantStatus: 503, wantACAO: "https://app.example.com", wantExposed: "X-Total, X-Request-ID"},
		{name: "nil response decorated", cfg: listed, target: "/nil", origin: "https://app.example.com", wantStatus: 404, wantACAO: "https://app.example.com", wantExposed: "X-Total, X-Request-ID"},
		{name: "OPTIONS without request method is not a preflight", cfg: listed, method: "OPTIONS", origin: "https://app.example.com", wantStatus: 200, wantACAO: "https://app.example.com", wantExposed: "X-Total, X-Request-ID"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			method, target := tc.method, tc.target
			if method == "" {
				method = "GET"
			}
			if target == "" {
				target = "/items"
			}
			headers := map[string]string{}
			if tc.origin != "" {
				headers["Origin"] = tc.origin
			}
			res, err, ran := serve(t, tc.cfg, method, target, headers)
			assert.True(t, ran, "the handler runs for every actual request")
			if err != nil {
				assert.ErrorIs(t, err, errDown, "the handler's error is kept")
				res = iron.ErrorResponse(err)
			}
			require.NotNil(t, res)
			assert.Equal(t, tc.wantStatus, res.StatusCode())
			assert.Equal(t, tc.wantACAO, res.Header.Get("Access-Control-Allow-Origin"))
			assert.Equal(t, tc.wantCreds, res.Header.Get("Access-Control-Allow-Credentials"))
			assert.Equal(t, tc.wantExposed, res.Header.Get("Access-Control-Expose-Headers"))
			assert.Contains(t, strings.Join(res.Header.Values("Vary"), ", "), "Origin", "Vary: Origin on every answer")
			assert.Empty(t, res.Header.Get("Access-Control-Allow-Methods"), "no preflight headers on actual requests")
		})
	}
}

func TestPreflight(t *testing.T) {
	credentialed := listed
	credentialed.AllowCredentials = true
	anyHeader := listed
	anyHeader.AllowedHeaders = []string{"*"}
	noCache := listed
	noCache.MaxAge = -1
	brief := listed
	brief.MaxAge = 1500 * time.Millisecond
	for _, tc := range []struct {
		name        string
		cfg         cors.Config
		origin      string
		method      string
		headers     string
		wantACAO    string
		wantHeaders string
		wantMaxAge  string
		wantCreds   string
	}{
		{name: "allowed", cfg: listed, origin: "https://app.example.com", method: "PUT", headers: "content-type, authorization", wantACAO: "https://app.example.com", wantHeaders: "content-type, authorization", wantMaxAge: "600"},
		{name: "no headers asked", cfg: listed, origin: "https://app.example.com", method: "DELETE", wantACAO: "https://app.example.com", wantMaxAge: "600"},
		{name: "safelisted method always allowed", cfg: cors.Config{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"PUT"}}, origin: "https://x.net", method: "POST", wantACAO: "*"},
		{name: "credentials", cfg: credentialed, origin: "https://app.example.com", method: "PATCH", headers: "Authorization", wantACAO: "https://app.example.com", wantHeaders: "Authorization", wantMaxAge: "600", wantCreds: "true"},
		{name: "any header", cfg: anyHeader, origin: "https://app.example.com", method: "PUT", headers: "x-custom, x-other", wantACAO: "https://app.example.com", wantHeaders: "x-custom, x-other", wantMaxAge: "600"},
		{name: "max-age rounded up", cfg: brief, origin: "https://app.example.com", method: "PUT", wantACAO: "https://app.example.com", wantMaxAge: "2"},
		{name: "max-age zero sent", cfg: noCache, origin: "https://app.example.com", method: "PUT", wantACAO: "https://app.example.com", wantMaxAge: "0"},
		{name: "disallowed origin", cfg: listed, origin: "https://evil.com", method: "PUT"},
		{name: "disallowed method", cfg: listed, origin: "https://app.example.com", method: "TRACE"},
		{name: "method is case-sensitive", cfg: listed, origin: "https://app.example.com", method: "put"},
		{name: "disallowed header", cfg: listed, origin: "https://app.example.com", method: "PUT", headers: "content-type, x-secret"},
		{name: "any header still means header names", cfg: anyHeader, origin: "https://app.example.com", method: "PUT", headers: "x-ok, <script>"},
		{name: "asked headers are listed once cleaned", cfg: anyHeader, origin: "https://app.example.com", method: "PUT", headers: " x-a ,, x-b ", wantACAO: "https://app.example.com", wantHeaders: "x-a, x-b", wantMaxAge: "600"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			headers := map[string]string{"Origin": tc.origin, "Access-Control-Request-Method": tc.method}
			if tc.headers != "" {
				headers["Access-Control-Request-Headers"] = tc.headers
			}
			res, err, ran := serve(t, tc.cfg, "OPTIONS", "/items", headers)
			require.NoError(t, err)
			assert.False(t, ran, "preflights never reach the handler")
			assert.Equal(t, http.StatusNoContent, res.StatusCode())
			assert.True(t, res.Body().IsZero(), "no body")
			assert.Equal(t, "Origin, Access-Control-Request-Method, Access-Control-Request-Headers", res.Header.Get("Vary"))
			assert.Equal(t, tc.wantACAO, res.Header.Get("Access-Control-Allow-Origin"))
			assert.Equal(t, tc.wantHeaders, res.Header.Get("Access-Control-Allow-Headers"))
			assert.Equal(t, tc.wantMaxAge, res.Header.Get("Access-Control-Max-Age"))
			assert.Equal(t, tc.wantCreds, res.Header.Get("Access-Control-Allow-Credentials"))
			if tc.wantACAO != "" {
				assert.NotEmpty(t, res.Header.Get("Access-Control-Allow-Methods"))
			} else {
				assert.Empty(t, res.Header.Get("Access-Control-Allow-Methods"))
				assert.Empty(t, res.Header.Get("Access-Control-Expose-Headers"))
			}
		})
	}
}

func TestAllowMethodsDefault(t *testing.T) {
	res, err, _ := serve(t, cors.Config{AllowedOrigins: []string{"*"}}, "OPTIONS", "/", map[string]string{
		"Origin": "https://x.net", "Access-Control-Request-Method": "PATCH",
	})
	require.NoError(t, err)
	assert.Equal(t, "GET, HEAD, POST, PUT, PATCH, DELETE", res.Header.Get("Access-Control-Allow-Methods"))
}

func TestExistingVaryIsKept(t *testing.T) {
	res, err, _ := serve(t, listed, "GET", "/", map[string]string{"Origin": "https://app.example.com"})
	require.NoError(t, err)
	assert.Equal(t, []string{"Accept-Encoding", "Origin"}, res.Header.Values("Vary"))
	assert.Equal(t, "3", res.Header.Get("X-Total"), "the handler's headers are kept")
}

func TestSharedResponseIsNotChanged(t *testing.T) {
	shared := iron.With(http.StatusOK, "same for all")
	mw := cors.New(cors.WithConfig(listed))
	h := mw.Around(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return shared, nil }))
	req := iron.NewRequest("GET", "/", nil)
	req.Header().Set("Origin", "https://app.example.com")
	res, err := h.Handle(req)
	require.NoError(t, err)
	assert.Equal(t, "https://app.example.com", res.Header.Get("Access-Control-Allow-Origin"))
	assert.Empty(t, shared.Header, "the handler's response is untouched")
}

func TestPreflightBypassesBeforesWhenWrappingTheChain(t *testing.T) {
	mw := cors.New(cors.WithConfig(listed))
	auth := iron.BeforeFunc(func(req *iron.Request) error {
		if req.HeaderValue("Authorization") == "" {
			return iron.Errorf(http.StatusUnauthorized, "log in")
		}
		return nil
	})
	c := chain.New(&handler{}).LinkBefore(auth)
	server := mw.Around(c)

	pre := iron.NewRequest("OPTIONS", "/items", nil)
	pre.Header().Set("Origin", "https://app.example.com")
	pre.Header().Set("Access-Control-Request-Method", "PUT")
	pre.Header().Set("Access-Control-Request-Headers", "authorization")
	res, err := server.Handle(pre)
	require.NoError(t, err)
	assert.Equal(t, 204, res.StatusCode())
	assert.Equal(t, "https://app.example.com", res.Header.Get("Access-Control-Allow-Origin"))

	// The actual request without credentials fails in auth, and the page
	// can still read why.
	get := iron.NewRequest("GET", "/items", nil)
	get.Header().Set("Origin", "https://app.example.com")
	_, err = server.Handle(get)
	sent := iron.ErrorResponse(err)
	assert.Equal(t, 401, sent.StatusCode())
	assert.Equal(t, "https://app.example.com", sent.Header.Get("Access-Control-Allow-Origin"))
}

// A setting that cannot work panics in New, with an error naming the option
// and the value.
func TestInvalidConfigPanics(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []cors.Option
		want string
	}{
		{"nothing allowed", nil, "cors: New: no origin is allowed: set AllowedOrigins or AllowOrigin"},
		{"credentials with any", []cors.Option{cors.AllowedOrigins("*"), cors.AllowCredentials(true)}, `cors: AllowCredentials(true) with AllowedOrigins("*"): browsers reject credentials for any origin; list the origins or use AllowOrigin`},
		{"not an origin", []cors.Option{cors.AllowedOrigins("example.com")}, `cors: AllowedOrigins("example.com"): not an origin such as "https://example.com"`},
		{"origin with path", []cors.Option{cors.AllowedOrigins("https://example.com/app")}, `cors: AllowedOrigins("https://example.com/app"): not an origin`},
		{"wildcard in the middle", []cors.Option{cors.AllowedOrigins("https://api.*.example.com")}, "leftmost label"},
		{"two wildcards", []cors.Option{cors.AllowedOrigins("https://*.*.example.com")}, `cors: AllowedOrigins("https://*.*.example.com"): more than one wildcard`},
		{"bad method", []cors.Option{cors.AllowedOrigins("*"), cors.AllowedMethods("GET POST")}, `cors: AllowedMethods("GET POST"): not a method name`},
		{"bad header", []cors.Option{cors.AllowedOrigins("*"), cors.AllowedHeaders("X:Y")}, `cors: AllowedHeaders("X:Y"): not a header name`},
		{"bad exposed", []cors.Option{cors.AllowedOrigins("*"), cors.ExposedHeaders("")}, `cors: ExposedHeaders(""): not a header name`},
		{"bad value in a Config", []cors.Option{cors.WithConfig(cors.Config{AllowedOrigins: []string{"*"}, AllowedMethods: []string{"A B"}})}, `cors: AllowedMethods("A B")`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				err, ok := recover().(error)
				require.True(t, ok, "New must panic with an error")
				assert.Contains(t, err.Error(), tc.want)
			}()
			cors.New(tc.opts...)
		})
	}
}

// Options after WithConfig change it further, and list options replace.
func TestOptionsAfterConfig(t *testing.T) {
	mw := cors.New(cors.WithConfig(listed), cors.AllowedOrigins("https://other.example"), nil)
	req := iron.NewRequest("GET", "/", nil)
	req.Header().Set("Origin", "https://app.example.com")
	res, err := mw.Around(&handler{}).Handle(req)
	require.NoError(t, err)
	assert.Empty(t, res.Header.Get("Access-Control-Allow-Origin"), "the Config's origins were replaced")
	req.Header().Set("Origin", "https://other.example")
	res, err = mw.Around(&handler{}).Handle(req)
	require.NoError(t, err)
	assert.Equal(t, "https://other.example", res.Header.Get("Access-Control-Allow-Origin"))
	assert.Equal(t, "X-Total, X-Request-ID", res.Header.Get("Access-Control-Expose-Headers"), "the rest of the Config is kept")
}
