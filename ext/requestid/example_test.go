package requestid_test

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/realip"
	"github.com/iron-go/iron/ext/requestid"
)

// requestFrom returns a GET request from the peer ("ip:port") with the
// X-Request-ID header set to id, as a server makes it.
func requestFrom(peer, id string) *iron.Request {
	in := iron.Incoming{
		Method: "GET", Target: "/", Proto: "HTTP/1.1", Host: "example.com",
		Header:     []iron.HeaderField{{Name: "X-Request-ID", Value: id}},
		RemoteAddr: net.TCPAddrFromAddrPort(netip.MustParseAddrPort(peer)),
	}
	slot := new(iron.Slot)
	slot.Reset(&in)
	return slot.Request()
}

// Behind nginx (10.0.0.1), which names each request: its identifier is
// kept, and one a client sends straight is replaced.
func Example() {
	hello := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		id, _ := requestid.Get(req)
		return iron.With(http.StatusOK, "your request is "+id), nil
	})
	c := chain.New(hello)
	c.LinkBefore(realip.New(realip.TrustedProxies("10.0.0.0/8"))) // first: requestid asks it
	c.Link(requestid.New(requestid.Trust(realip.FromTrustedProxy)))

	res, _ := c.Handle(requestFrom("10.0.0.1:51000", "lb-7f3a"))
	fmt.Println(res.Header.Get("X-Request-ID"))

	res, _ = c.Handle(requestFrom("198.51.100.9:4000", "chosen-by-the-client"))
	fmt.Println(len(res.Header.Get("X-Request-ID")))
	// Output:
	// lb-7f3a
	// 26
}
