package realip_test

import (
	"crypto/tls"
	"net"
	"net/netip"

	"github.com/iron-go/iron"
)

type field = iron.HeaderField

// request returns a GET request from peer ("ip:port") carrying fields, over
// TLS when tlsConn is set.
func request(peer string, tlsConn bool, fields ...field) *iron.Request {
	in := iron.Incoming{
		Method: "GET", Target: "/", Proto: "HTTP/1.1", Host: "example.com",
		Header:     fields,
		RemoteAddr: net.TCPAddrFromAddrPort(netip.MustParseAddrPort(peer)),
	}
	if tlsConn {
		in.TLS = &tls.ConnectionState{HandshakeComplete: true}
	}
	slot := new(iron.Slot)
	slot.Reset(&in)
	return slot.Request()
}
