package realip_test

import (
	"fmt"
	"net/http"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/realip"
)

func Example() {
	whoami := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, fmt.Sprintf("%v over %s", realip.ClientAddr(req), realip.Scheme(req))), nil
	})
	c := chain.New(whoami).Link(realip.New(realip.TrustedProxies("10.0.0.0/8")))

	// nginx at 10.0.0.1 terminated TLS for 203.0.113.7; the client tried to
	// pass itself off as 1.1.1.1.
	req := request("10.0.0.1:51000", false,
		xff("1.1.1.1, 203.0.113.7"), xfp("https"))
	res, _ := c.Handle(req)
	body, _ := res.Body().Text()
	fmt.Println(body)

	// The same headers straight from the internet are not believed.
	res, _ = c.Handle(request("198.51.100.9:4000", false, xff("1.1.1.1"), xfp("https")))
	body, _ = res.Body().Text()
	fmt.Println(body)
	// Output:
	// 203.0.113.7 over https
	// 198.51.100.9 over http
}
