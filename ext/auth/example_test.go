package auth_test

import (
	"fmt"
	"net/http"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/auth"
)

func Example() {
	hello := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		user, _ := auth.User(req)
		return iron.With(http.StatusOK, "hello "+user), nil
	})
	c := chain.New(hello).Link(auth.NewBasic(
		auth.Users(map[string]string{"alice": "wonderland"}), auth.Realm("admin")))

	_, err := c.Handle(iron.NewRequest("GET", "/", nil))
	res := iron.ErrorResponse(err)
	fmt.Println(res.StatusCode(), res.Header.Get("WWW-Authenticate"))

	req := iron.NewRequest("GET", "/", nil)
	req.Header().Set("Authorization", "Basic "+b64("alice:wonderland"))
	res, _ = c.Handle(req)
	body, _ := res.Body().Text()
	fmt.Println(res.StatusCode(), body)
	// Output:
	// 401 Basic realm="admin", charset="UTF-8"
	// 200 hello alice
}

func ExampleNewBearer() {
	api := auth.NewBearer(auth.Tokens(map[string]string{"s3cr3t": "deploy-bot"}), auth.Realm("api"))
	for _, h := range []string{"", "Bearer wrong", "Bearer s3cr3t"} {
		req := iron.NewRequest("GET", "/", nil)
		if h != "" {
			req.Header().Set("Authorization", h)
		}
		if err := api.Before(req); err != nil {
			res := iron.ErrorResponse(err)
			fmt.Println(res.StatusCode(), res.Header.Get("WWW-Authenticate"))
			continue
		}
		sub, _ := auth.User(req)
		fmt.Println("authenticated", sub)
	}
	// Output:
	// 401 Bearer realm="api"
	// 401 Bearer realm="api", error="invalid_token"
	// authenticated deploy-bot
}
