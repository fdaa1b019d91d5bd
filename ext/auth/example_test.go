package auth_test

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/auth"
	"github.com/iron-go/iron/ext/ratelimit"
	"github.com/iron-go/iron/irontest"
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

// ExampleResponder answers every refusal of an API in one JSON shape: the
// same function is the Responder of auth and ratelimit (and could be of
// csrf, timeout and recovery), which fill in the status and their headers.
func ExampleResponder() {
	jsonError := func(_ *iron.Request, err error) *iron.Response {
		msg := "request refused"
		switch {
		case errors.Is(err, auth.ErrNoCredentials):
			msg = "sign in"
		case errors.Is(err, ratelimit.ErrLimited):
			msg = "slow down"
		}
		return iron.With(iron.JSON, fmt.Sprintf(`{"error":%q}`, msg))
	}
	hello := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return iron.With(http.StatusOK, "hi"), nil })
	c := chain.New(hello).
		Link(ratelimit.New(1, time.Minute, ratelimit.Responder(jsonError))).
		Link(auth.NewBearer(auth.Tokens(map[string]string{"s3cr3t": "bot"}), auth.Responder(jsonError)))

	for range 2 {
		res := irontest.Do(c, iron.NewRequest("GET", "/", nil))
		fmt.Println(res.StatusCode(), res.ContentType(), irontest.Body(res))
	}
	// Output:
	// 401 application/json {"error":"sign in"}
	// 429 application/json {"error":"slow down"}
}
