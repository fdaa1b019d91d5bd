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

// timing is an around middleware: it wraps the handler inside the chain and
// sets a header on the response that handler returns. The chain hands it
// the request's own copy of that response, so it changes it in place, though
// the handler returns one shared value to every request.
type timing struct{}

func (timing) Around(next iron.Handler) iron.Handler {
	return iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		res, err := next.Handle(req)
		if err != nil {
			return nil, err
		}
		res.SetHeader("Server-Timing", "app;desc=\"handler\"")
		return res, nil
	})
}

var welcome = iron.With(http.StatusOK, "welcome")

func ExampleChain_LinkAround() {
	c := chain.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return welcome, nil }))
	c.LinkAround(timing{})

	res, err := c.Handle(iron.NewRequest("GET", "/", nil))
	body, _ := res.Body().Text()
	fmt.Println(res.Status, body, err)
	fmt.Println(res.Header.Get("Server-Timing"))
	fmt.Println(welcome.Header.Get("Server-Timing") == "", "(the shared response is unchanged)")
	// Output:
	// 200 welcome <nil>
	// app;desc="handler"
	// true (the shared response is unchanged)
}
