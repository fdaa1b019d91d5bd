package session_test

import (
	"fmt"
	"net/http"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/cookie"
	"github.com/iron-go/iron/ext/session"
	"github.com/iron-go/iron/irontest"
)

// signedIn is the name of the signed-in user, saved in the session.
var signedIn = session.NewKey[string]("example.user")

func Example() {
	keys, err := cookie.DeriveKeys("a secret of at least 32 bytes, from the environment")
	if err != nil {
		panic(err)
	}
	sessions := session.NewCookie(cookie.NewEncrypted(keys))

	site := chain.New(iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		switch req.Path() {
		case "/login":
			// A new session ID on sign-in, then the user.
			if err := session.Renew(req); err != nil {
				return nil, err
			}
			if err := session.Set(req, signedIn, "alice"); err != nil {
				return nil, err
			}
			return iron.With(http.StatusSeeOther, iron.Redirect("/")), nil
		case "/logout":
			if err := session.Destroy(req); err != nil {
				return nil, err
			}
			return iron.With(http.StatusSeeOther, iron.Redirect("/")), nil
		}
		user, ok, err := session.Get(req, signedIn)
		if err != nil {
			return nil, err // the store is down: 503
		}
		if !ok {
			return iron.With(http.StatusOK, "Signed out"), nil
		}
		return iron.With(http.StatusOK, "Signed in as "+user), nil
	})).Link(sessions)

	// A browser: send the cookie back.
	jar := ""
	visit := func(method, path string) {
		req := iron.NewRequest(method, path, nil)
		if jar != "" {
			req.Header().Set("Cookie", jar)
		}
		res := irontest.Do(site, req)
		if set, err := http.ParseSetCookie(res.Header.Get("Set-Cookie")); err == nil {
			jar = set.Name + "=" + set.Value
			fmt.Printf("%s %s: cookie %s (HttpOnly %v, SameSite=Lax %v, expired %v)\n",
				method, path, set.Name, set.HttpOnly, set.SameSite == http.SameSiteLaxMode, set.MaxAge < 0)
			return
		}
		body, _ := res.Body().Text()
		fmt.Printf("%s %s: %s\n", method, path, body)
	}
	visit("GET", "/")
	visit("POST", "/login")
	visit("GET", "/")
	visit("POST", "/logout")
	// Output:
	// GET /: Signed out
	// POST /login: cookie session (HttpOnly true, SameSite=Lax true, expired false)
	// GET /: Signed in as alice
	// POST /logout: cookie session (HttpOnly true, SameSite=Lax true, expired true)
}
