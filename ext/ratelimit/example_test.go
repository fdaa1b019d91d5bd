package ratelimit_test

import (
	"fmt"
	"net/http"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/ratelimit"
	"github.com/iron-go/iron/ext/realip"
)

func Example() {
	login := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "welcome"), nil
	})
	// Five attempts a minute per client, the client found behind the
	// site's proxies. With -redis, add ratelimit.Redis(rdb, "login").
	c := chain.New(login).
		Link(realip.New(realip.TrustedProxies("10.0.0.0/8"))).
		Link(ratelimit.New(5, time.Minute))

	for i := 1; i <= 6; i++ {
		res, err := c.Handle(iron.NewRequest("POST", "/login", nil))
		if err != nil {
			res = iron.ErrorResponse(err)
		}
		fmt.Printf("%d: %d remaining=%s retry-after=%q\n", i, res.StatusCode(),
			res.Header.Get("RateLimit-Remaining"), res.Header.Get("Retry-After"))
	}
	// Output:
	// 1: 200 remaining=4 retry-after=""
	// 2: 200 remaining=3 retry-after=""
	// 3: 200 remaining=2 retry-after=""
	// 4: 200 remaining=1 retry-after=""
	// 5: 200 remaining=0 retry-after=""
	// 6: 429 remaining=0 retry-after="12"
}
