package requestid_test

import (
	"fmt"
	"net/http"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/requestid"
)

func Example() {
	hello := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		id, _ := requestid.Get(req)
		return iron.With(http.StatusOK, "your request is "+id), nil
	})
	rid := requestid.New()
	c := chain.New(hello).Link(rid)

	// A proxy in front of the server already named the request.
	req := iron.NewRequest("GET", "/", nil)
	req.Header().Set("X-Request-ID", "lb-7f3a")
	res, _ := c.Handle(req)
	fmt.Println(res.Header.Get("X-Request-ID"))

	// A request without one gets a fresh identifier.
	res, _ = c.Handle(iron.NewRequest("GET", "/", nil))
	fmt.Println(len(res.Header.Get("X-Request-ID")))
	// Output:
	// lb-7f3a
	// 26
}
