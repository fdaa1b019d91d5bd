package urlencoded_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/bodyparser"
	"github.com/iron-go/iron/ext/urlencoded"
)

// FuzzBody parses arbitrary form bodies and compares with url.ParseQuery:
// the same map whenever net/url reads the body without error, a 400 whose
// offset lies inside the body whenever it does not.
func FuzzBody(f *testing.F) {
	for _, s := range []string{"a=1&b=2&a=3", "", "&&", "a", "=", "a=%zz", "a=%4", "a;b", "q=caf%C3%A9+au+lait", "%", "a=1&b=%GG&c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if strings.Count(body, "&") >= urlencoded.MaxPairs {
			return // net/url counts empty pairs against its limit, this package does not
		}
		req := iron.NewRequest("POST", "/", strings.NewReader(body))
		req.Header().Set("Content-Type", urlencoded.FormType)
		got, err := urlencoded.Body(req)
		want, wantErr := url.ParseQuery(body)
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("%q: error %v, url.ParseQuery error %v", body, err, wantErr)
		}
		if err != nil {
			se := err.(*iron.Error).Err.(*bodyparser.SyntaxError)
			if iron.ErrorResponse(err).StatusCode() != http.StatusBadRequest || se.Offset < 0 || se.Offset >= int64(len(body)) {
				t.Fatalf("%q: bad error %#v", body, se)
			}
			return
		}
		if len(got) != len(want) {
			t.Fatalf("%q: got %v, url.ParseQuery %v", body, got, want)
		}
		for k, vs := range want {
			if strings.Join(got[k], "\x00") != strings.Join(vs, "\x00") || len(got[k]) != len(vs) {
				t.Fatalf("%q: key %q: got %q, url.ParseQuery %q", body, k, got[k], vs)
			}
		}
	})
}
