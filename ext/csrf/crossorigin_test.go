package csrf_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/csrf"
	"github.com/iron-go/iron/irontest"
)

func ok(*iron.Request) (*iron.Response, error) { return iron.With(http.StatusOK, "ok"), nil }

// crossOriginRequest runs a request through cross-origin middleware and
// returns the status, the body and the error.
func crossOriginRequest(t *testing.T, co *csrf.CrossOrigin, method, host, site, origin string) (int, string, error) {
	t.Helper()
	reqSlot := new(iron.Slot)
	req := reqSlot.Request()
	reqSlot.Reset(&iron.Incoming{Method: method, Target: "/api/notes", Proto: "HTTP/1.1", Host: host, Header: headerFields(site, origin)})
	h, seen := recordError(chain.New(iron.HandlerFunc(ok)).Link(co))
	res := irontest.Do(h, req)
	body, _ := res.Body().Text()
	return res.StatusCode(), body, *seen
}

func headerFields(site, origin string) []iron.HeaderField {
	var f []iron.HeaderField
	if site != "" {
		f = append(f, iron.HeaderField{Name: "Sec-Fetch-Site", Value: site})
	}
	if origin != "" {
		f = append(f, iron.HeaderField{Name: "Origin", Value: origin})
	}
	return f
}

func TestCrossOrigin(t *testing.T) {
	co := csrf.NewCrossOrigin()
	for _, tc := range []struct {
		name, method, host, site, origin string
		allowed                          bool
		says                             string
	}{
		{"same-origin", "POST", "example.com", "same-origin", "", true, ""},
		{"typed or bookmarked", "POST", "example.com", "none", "", true, ""},
		{"cross-site", "POST", "example.com", "cross-site", "", false, `Sec-Fetch-Site: "cross-site"`},
		{"same-site", "POST", "example.com", "same-site", "https://a.example.com", false, `Sec-Fetch-Site: "same-site"`},
		{"unknown value", "POST", "example.com", "maybe", "", false, `Sec-Fetch-Site: "maybe"`},
		{"cross-site even with a matching origin", "POST", "example.com", "cross-site", "https://example.com", false, "cross-site"},
		{"no headers: not a browser", "POST", "example.com", "", "", true, ""},
		{"matching origin", "POST", "example.com", "", "https://example.com", true, ""},
		{"matching origin, other case", "POST", "Example.COM", "", "https://example.com", true, ""},
		{"matching origin with port", "PUT", "localhost:3000", "", "http://localhost:3000", true, ""},
		{"default port on one side", "PUT", "example.com:443", "", "https://example.com", true, ""},
		{"other port", "POST", "localhost:3000", "", "http://localhost:4000", false, `Origin "http://localhost:4000" does not match the host "localhost:3000"`},
		{"other host", "DELETE", "example.com", "", "https://evil.example", false, `Origin "https://evil.example" does not match the host "example.com"`},
		{"suffix of the host", "POST", "example.com", "", "https://notexample.com", false, "does not match"},
		{"host as a prefix", "POST", "example.com", "", "https://example.com.evil.example", false, "does not match"},
		{"null origin", "POST", "example.com", "", "null", false, `Origin "null"`},
		{"garbage origin", "POST", "example.com", "", "%%%", false, "does not match"},
		{"origin with path", "POST", "example.com", "", "https://evil.example/example.com", false, "does not match"},
		{"origin of another scheme", "POST", "example.com", "", "ftp://example.com", false, "does not match"},
		{"GET is safe", "GET", "example.com", "cross-site", "https://evil.example", true, ""},
		{"HEAD is safe", "HEAD", "example.com", "cross-site", "", true, ""},
		{"OPTIONS is safe", "OPTIONS", "example.com", "", "https://evil.example", true, ""},
		{"PATCH is not", "PATCH", "example.com", "cross-site", "", false, "cross-site"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body, err := crossOriginRequest(t, co, tc.method, tc.host, tc.site, tc.origin)
			if tc.allowed {
				assert.Equal(t, http.StatusOK, status, body)
				assert.NoError(t, err)
				return
			}
			assert.Equal(t, http.StatusForbidden, status)
			assert.True(t, strings.HasPrefix(body, "Forbidden: csrf: cross-origin request refused: "), body)
			assert.Contains(t, body, tc.says)
			assert.ErrorIs(t, err, csrf.ErrCrossOrigin)
		})
	}
}

func TestTrustedOrigins(t *testing.T) {
	co := csrf.NewCrossOrigin(csrf.TrustedOrigins("https://sso.example.org", "http://localhost:8080"))
	for _, tc := range []struct {
		site, origin string
		allowed      bool
	}{
		{"cross-site", "https://sso.example.org", true},
		{"cross-site", "HTTPS://SSO.example.org", true},
		{"", "https://sso.example.org", true},
		{"same-site", "http://localhost:8080", true},
		{"cross-site", "http://sso.example.org", false},
		{"cross-site", "https://sso.example.org:444", false},
		{"cross-site", "https://evil.example", false},
		{"cross-site", "", false},
	} {
		status, body, _ := crossOriginRequest(t, co, "POST", "example.com", tc.site, tc.origin)
		assert.Equal(t, tc.allowed, status == http.StatusOK, "%s %s: %d %s", tc.site, tc.origin, status, body)
	}
}

func TestCrossOriginSkipAndResponder(t *testing.T) {
	co := csrf.NewCrossOrigin(
		csrf.Skip(func(req *iron.Request) bool { return req.HeaderValue("X-Hook") == "1" }),
		csrf.Responder(func(req *iron.Request, err error) *iron.Response {
			return iron.With(iron.JSON, `{"error":"cross-origin"}`) // no status: 403
		}),
	)
	req := iron.NewRequest("POST", "/api", nil)
	req.Header().Set("Sec-Fetch-Site", "cross-site")
	req.Header().Set("X-Hook", "1")
	require.NoError(t, co.Before(req), "skipped")

	status, body, _ := crossOriginRequest(t, co, "POST", "example.com", "cross-site", "")
	assert.Equal(t, http.StatusForbidden, status)
	assert.Equal(t, `{"error":"cross-origin"}`, body)
}

// TestBothTogether links both middlewares as the site does: tokens on its
// forms, cross-origin refusal on its API.
func TestBothTogether(t *testing.T) {
	isAPI := func(req *iron.Request) bool { return strings.HasPrefix(req.Path(), "/api/") }
	h := chain.New(iron.HandlerFunc(site)).
		Link(sessions()).
		Link(csrf.New(csrf.Skip(isAPI))).
		Link(csrf.NewCrossOrigin(csrf.Skip(func(req *iron.Request) bool { return !isAPI(req) })))
	b := newBrowser(t, h)
	tok := b.token()

	status, _ := b.do("POST", "/api/notes", "application/json", `{}`, "Sec-Fetch-Site: same-origin")
	assert.Equal(t, http.StatusOK, status, "the API needs no token")
	status, _ = b.do("POST", "/api/notes", "application/json", `{}`, "Sec-Fetch-Site: cross-site")
	assert.Equal(t, http.StatusForbidden, status, "but refuses other sites")

	status, _ = b.do("POST", "/login", form, "csrf_token="+tok, "Sec-Fetch-Site: cross-site")
	assert.Equal(t, http.StatusOK, status, "forms are judged by their token only")
	status, _ = b.do("POST", "/echo", form, "a=1", "Sec-Fetch-Site: same-origin")
	assert.Equal(t, http.StatusForbidden, status, "and need it")
}
