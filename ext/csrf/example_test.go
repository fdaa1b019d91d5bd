package csrf_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/cookie"
	"github.com/iron-go/iron/ext/csrf"
	"github.com/iron-go/iron/ext/session"
	"github.com/iron-go/iron/irontest"
)

func Example() {
	page := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if req.Method() == "GET" {
			field, err := csrf.Field(req) // <input type="hidden" name="csrf_token" ...>
			if err != nil {
				return nil, err
			}
			return iron.With(http.StatusOK, iron.TextHTML,
				`<form method="post">`+string(field)+`<button>Go</button></form>`), nil
		}
		return iron.With(http.StatusOK, "done"), nil
	})
	keys := [][]byte{bytes.Repeat([]byte("k"), 32)} // cookie.DeriveKeys(secret) in a real site
	c := chain.New(page).
		Link(session.NewCookie(cookie.NewEncrypted(keys))).
		Link(csrf.New()).
		Link(csrf.NewCrossOrigin())

	// The browser loads the form...
	res := irontest.Do(c, iron.NewRequest("GET", "/", nil))
	html, _ := res.Body().Text()
	set, _ := http.ParseSetCookie(res.Header.Get("Set-Cookie"))
	token := html[strings.Index(html, `value="`)+7:][:86]

	post := func(form url.Values, headers ...string) {
		req := iron.NewRequest("POST", "/", strings.NewReader(form.Encode()))
		req.Header().Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header().Set("Cookie", set.Name+"="+set.Value)
		for i := 0; i < len(headers); i += 2 {
			req.Header().Set(headers[i], headers[i+1])
		}
		res := irontest.Do(c, req)
		body, _ := res.Body().Text()
		fmt.Println(res.StatusCode(), strings.TrimSpace(body))
	}
	// ...and posts it back: accepted.
	post(url.Values{"csrf_token": {token}}, "Sec-Fetch-Site", "same-origin")
	// Another site's page posting to this one, without the token.
	post(url.Values{"amount": {"1000"}})
	// Another site's page that somehow has a token: its browser says so.
	post(url.Values{"csrf_token": {token}}, "Sec-Fetch-Site", "cross-site")
	// Output:
	// 200 done
	// 403 Forbidden: csrf: no CSRF token: send the token in the csrf_token form field or the X-CSRF-Token header
	// 403 Forbidden: csrf: cross-origin request refused: the browser sent Sec-Fetch-Site: "cross-site"
}
