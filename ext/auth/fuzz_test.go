package auth_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/auth"
)

// FuzzBasic parses any Authorization value and compares with net/http's
// Request.BasicAuth: what both accept decodes to the same user and
// password, and whatever net/http accepts (with one space after the
// scheme and no control characters) is accepted here too. Refusals are
// always 400 or 401 with an iron.Error, never a panic.
func FuzzBasic(f *testing.F) {
	for _, s := range []string{
		"Basic " + b64("alice:wonderland"), "basic " + b64("a:b:c"), "Basic", "Basic  " + b64("x:y"),
		"Basic !!!", "Basic " + b64("nocolon"), "Basic " + b64("a\x00:b"), "Bearer abc", "", "Basic ===",
	} {
		f.Add(s)
	}
	var gotUser, gotPass string
	b := auth.NewBasic(func(_ *iron.Request, u, p string) (bool, error) {
		gotUser, gotPass = u, p
		return true, nil
	})
	f.Fuzz(func(t *testing.T, value string) {
		gotUser, gotPass = "\xff", "\xff"
		err := b.Before(withAuth(value))
		hr := &http.Request{Header: http.Header{"Authorization": {value}}}
		u, p, ok := hr.BasicAuth()
		if err != nil {
			status := iron.ErrorResponse(err).StatusCode()
			if status != 400 && status != 401 {
				t.Fatalf("%q: status %d", value, status)
			}
			if ok && !hasControl(u+p) && strings.Count(value[:min(len(value), 7)], " ") == 1 {
				t.Fatalf("%q: net/http accepts %q:%q, refused with %v", value, u, p, err)
			}
			return
		}
		if single := len(value) > 6 && value[6] != ' '; single && (!ok || u != gotUser || p != gotPass) {
			t.Fatalf("%q: got %q:%q, net/http %q:%q (%v)", value, gotUser, gotPass, u, p, ok)
		}
	})
}

func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] == 0x7f {
			return true
		}
	}
	return false
}

// FuzzBearer parses any Authorization value: a token reaches the verify
// function only when it is a well-formed token68, and refusals are 400, 401
// or 403 with a Bearer challenge.
func FuzzBearer(f *testing.F) {
	for _, s := range []string{"Bearer mF_9.B5f-4.1JqM", "Bearer", "bearer   abc==", "Bearer a=b", "Bearer \"x\"", "Basic abc", ""} {
		f.Add(s)
	}
	var seen string
	b := auth.NewBearer(func(_ *iron.Request, token string) (string, error) {
		seen = token
		if token == "ok" {
			return "sub", nil
		}
		return "", auth.ErrInvalidToken
	})
	f.Fuzz(func(t *testing.T, value string) {
		seen = ""
		err := b.Before(withAuth(value))
		if seen != "" && (strings.ContainsAny(seen, " \t\",;\\") || strings.Contains(strings.TrimRight(seen, "="), "=")) {
			t.Fatalf("%q: verify saw %q", value, seen)
		}
		if err == nil {
			if seen != "ok" {
				t.Fatalf("%q: authenticated with %q", value, seen)
			}
			return
		}
		res := iron.ErrorResponse(err)
		switch res.StatusCode() {
		case 400, 401, 403:
		default:
			t.Fatalf("%q: status %d", value, res.StatusCode())
		}
		if !strings.HasPrefix(res.Header.Get("WWW-Authenticate"), `Bearer realm="restricted"`) {
			t.Fatalf("%q: challenge %q", value, res.Header.Get("WWW-Authenticate"))
		}
	})
}
