package chain_test

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
)

var user = iron.NewKey[string]("example.user")

// auth is a before middleware that fails for requests without a user.
type auth struct{}

func (auth) Before(req *iron.Request) error {
	name := req.HeaderValue("X-User")
	if name == "" {
		return iron.Errorf(http.StatusUnauthorized, "who are you?")
	}
	iron.Set(req, user, name)
	return nil
}

// friendly is an after middleware whose catch turns a 401 into a login page.
type friendly struct{}

func (friendly) After(_ *iron.Request, res *iron.Response) (*iron.Response, error) { return res, nil }

func (friendly) CatchAfter(_ *iron.Request, err error) (*iron.Response, error) {
	var ie *iron.Error
	if errors.As(err, &ie) && ie.Response.Status == http.StatusUnauthorized {
		return iron.With(http.StatusOK, "please log in"), nil
	}
	return nil, err
}

func Example() {
	greet := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		name, _ := iron.Get(req, user)
		return iron.With(http.StatusOK, "hello "+name), nil
	})
	c := chain.New(greet)
	c.LinkBefore(auth{})
	c.LinkAfter(friendly{})

	anonymous := iron.NewRequest("GET", "/", nil)
	res, _ := c.Handle(anonymous)
	body, _ := res.Body().Text()
	fmt.Println(res.Status, body)

	known := iron.NewRequest("GET", "/", nil)
	known.Header().Set("X-User", "ada")
	res, _ = c.Handle(known)
	body, _ = res.Body().Text()
	fmt.Println(res.Status, body)
	// Output:
	// 200 please log in
	// 200 hello ada
}
