package csrf_test

import (
	"bytes"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/iron-go/iron/ext/csrf"
)

// FuzzToken sends arbitrary tokens: one is accepted exactly when it is
// well-formed and unmasks to the session's secret, and nothing else
// happens than a 200 or a 403.
func FuzzToken(f *testing.F) {
	b := newBrowser(f, protected())
	valid := b.token()
	raw, err := base64.RawURLEncoding.DecodeString(valid)
	if err != nil {
		f.Fatal(err)
	}
	secret := make([]byte, 32)
	subtle.XORBytes(secret, raw[:32], raw[32:])
	f.Add(valid)
	f.Add(valid[:85] + "A")
	f.Add("")
	f.Add(strings.Repeat("A", 86))
	f.Fuzz(func(t *testing.T, token string) {
		if strings.ContainsAny(token, "\r\n") {
			return // cannot be a header value
		}
		b.t = t
		status, body := b.do("POST", "/echo", "", "", "X-CSRF-Token: "+token)
		raw, err := base64.RawURLEncoding.Strict().DecodeString(token)
		want := http.StatusForbidden
		if err == nil && len(raw) == 64 {
			got := make([]byte, 32)
			subtle.XORBytes(got, raw[:32], raw[32:])
			if bytes.Equal(got, secret) {
				want = http.StatusOK
			}
		}
		if status != want {
			t.Fatalf("token %q: %d %s, want %d", token, status, body, want)
		}
	})
}

// FuzzForm posts arbitrary bodies under arbitrary content types: the answer
// is a 200, 400, 403 or 413, never a server error, and a body the request
// gets through is read by the handler exactly as sent.
func FuzzForm(f *testing.F) {
	b := newBrowser(f, protected(csrf.MaxBodyBytes(4096)))
	tok := b.token()
	f.Add(form, "csrf_token="+tok+"&a=1")
	f.Add(form, "a=%zz&csrf_token="+tok)
	f.Add("multipart/form-data; boundary=X", "--X\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"+tok+"\r\n--X--\r\n")
	f.Add("multipart/form-data; boundary=X", "--X\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\"\r\n\r\nxx\r\n--X--\r\n")
	f.Add("text/plain", "csrf_token="+tok)
	f.Fuzz(func(t *testing.T, contentType, body string) {
		if strings.ContainsAny(contentType, "\r\n") {
			return
		}
		b.t = t
		status, got := b.do("POST", "/echo", contentType, body)
		switch status {
		case http.StatusOK:
			if got != "read:"+body {
				t.Fatalf("the handler read %q, sent %q", got, body)
			}
		case http.StatusBadRequest, http.StatusForbidden, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("%q %q: %d %s", contentType, body, status, got)
		}
	})
}

// FuzzCrossOrigin checks the rules that hold whatever the headers: safe
// methods and same-origin requests pass, cross-site ones from an
// untrusted origin do not, and nothing panics.
func FuzzCrossOrigin(f *testing.F) {
	co := csrf.NewCrossOrigin(csrf.TrustedOrigins("https://trusted.example"))
	f.Add("POST", "example.com", "cross-site", "https://evil.example")
	f.Add("PUT", "example.com:443", "", "https://example.com")
	f.Add("GET", "example.com", "cross-site", "")
	f.Add("DELETE", "[::1]:80", "", "http://[::1]")
	f.Add("POST", "example.com", "same-site", "https://trusted.example")
	f.Fuzz(func(t *testing.T, method, host, site, origin string) {
		if method == "" {
			return
		}
		status, body, _ := crossOriginRequest(t, co, method, host, site, origin)
		if status != http.StatusOK && status != http.StatusForbidden {
			t.Fatalf("%d %s", status, body)
		}
		allowed := status == http.StatusOK
		switch {
		case method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "TRACE":
			if !allowed {
				t.Fatalf("safe %s refused: %s", method, body)
			}
		case site == "same-origin" || site == "none":
			if !allowed {
				t.Fatalf("Sec-Fetch-Site %q refused: %s", site, body)
			}
		case site != "" && !strings.EqualFold(origin, "https://trusted.example"):
			if allowed {
				t.Fatalf("Sec-Fetch-Site %q from %q allowed", site, origin)
			}
		case site == "" && origin == "":
			if !allowed {
				t.Fatalf("a request without either header refused: %s", body)
			}
		}
	})
}
