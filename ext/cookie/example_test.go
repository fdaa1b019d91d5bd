package cookie_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/cookie"
)

func Example() {
	// Read a plain cookie, set two more on the answer.
	req := iron.NewRequest("GET", "/", nil)
	req.Header().Set("Cookie", "lang=fr; theme=dark")
	lang, _ := cookie.Get(req, "lang")

	res := iron.With(http.StatusOK, "bonjour")
	if err := cookie.Set(res, &http.Cookie{Name: "lang", Value: lang, MaxAge: 3600, HttpOnly: true}); err != nil {
		panic(err)
	}
	if err := cookie.Set(res, &http.Cookie{Name: "visited", Value: "1"}); err != nil {
		panic(err)
	}
	for _, line := range res.Header.Values("Set-Cookie") {
		fmt.Println(line)
	}
	// Output:
	// lang=fr; Path=/; Max-Age=3600; HttpOnly; SameSite=Lax
	// visited=1; Path=/; SameSite=Lax
}

func ExampleCodec() {
	// Keys come from a secret shared by every instance (a flag or the
	// environment), checked before the server starts.
	keys, err := cookie.DeriveKeys("correct horse battery staple, and more of it")
	if err != nil {
		panic(err)
	}
	prefs := cookie.NewEncrypted(keys)

	res := iron.With(http.StatusOK)
	if err := prefs.Set(res, &http.Cookie{Name: "prefs", Value: "theme=dark", HttpOnly: true}); err != nil {
		panic(err)
	}
	set, _ := http.ParseSetCookie(res.Header.Get("Set-Cookie"))
	fmt.Println("sent encrypted:", !strings.Contains(set.Value, "dark"))

	// The browser sends it back; a changed value is simply absent.
	req := iron.NewRequest("GET", "/", nil)
	req.Header().Set("Cookie", "prefs="+set.Value)
	v, err := prefs.Get(req, "prefs")
	fmt.Println(v, err)

	req.Header().Set("Cookie", "prefs=x"+set.Value[1:])
	_, err = prefs.Get(req, "prefs")
	fmt.Println(errors.Is(err, cookie.ErrInvalid))
	// Output:
	// sent encrypted: true
	// theme=dark <nil>
	// true
}
