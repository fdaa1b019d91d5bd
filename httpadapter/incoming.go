package httpadapter

import (
	"net"
	"net/http"
	"net/netip"

	"github.com/iron-go/iron"
)

// requestTarget returns the request-target as the client sent it. A server
// sets RequestURI; a request built by hand (a test's) may not.
func requestTarget(r *http.Request) string {
	if r.RequestURI != "" {
		return r.RequestURI
	}
	return r.URL.RequestURI()
}

// headerFields appends r's header lines to fields, Host first: net/http moves
// the Host header into r.Host, and Iron handlers read it as a header too.
func headerFields(fields []iron.HeaderField, r *http.Request) []iron.HeaderField {
	if r.Host != "" {
		fields = append(fields, iron.HeaderField{Name: "Host", Value: r.Host})
	}
	for name, values := range r.Header {
		for _, v := range values {
			fields = append(fields, iron.HeaderField{Name: name, Value: v})
		}
	}
	return fields
}

// parseAddr turns the "ip:port" that net/http keeps in RemoteAddr back into
// the address the engine hands out. A RemoteAddr of another shape (a Unix
// socket, a test's) is kept as it is.
func parseAddr(s string) net.Addr {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return net.TCPAddrFromAddrPort(ap)
	}
	if s == "" {
		return nil
	}
	return stringAddr(s)
}

// stringAddr is an address net/http gave only as text.
type stringAddr string

func (a stringAddr) Network() string { return "unknown" }
func (a stringAddr) String() string  { return string(a) }

// localAddr returns the server's end of r's connection, which http.Server
// puts in the request context.
func localAddr(r *http.Request) net.Addr {
	a, _ := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	return a
}
