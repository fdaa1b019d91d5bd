package iron

import (
	"crypto/tls"
	"io"
	"net"
	"net/netip"
	"strconv"
	"strings"
)

// NewRequest returns a request for method and target that no connection
// carries, so that a [Handler] can be called directly in tests, as
// net/http/httptest.NewRequest does:
//
//	res, err := h.Handle(iron.NewRequest("GET", "/users/7", nil))
//
// target is a path with an optional query ("/a?b=c") or an absolute URL
// ("https://example.org/a"), which also sets the host and, for https, a TLS
// state. The host defaults to "example.com", the protocol to HTTP/1.1 and
// the remote address to 192.0.2.1:1234. A body that knows its length
// (bytes.Reader, strings.Reader, bytes.Buffer) sets Content-Length; any other
// is sent as if chunked (ContentLength -1, Transfer-Encoding: chunked). Headers
// are set through [Request.Header]. NewRequest panics on an empty method or a
// target that is neither.
func NewRequest(method, target string, body io.Reader) *Request {
	if method == "" {
		panic("iron: NewRequest: empty method")
	}
	in := Incoming{
		Method:        method,
		Target:        target,
		Proto:         "HTTP/1.1",
		Host:          "example.com",
		ContentLength: 0,
		Body:          body,
		RemoteAddr:    net.TCPAddrFromAddrPort(netip.MustParseAddrPort("192.0.2.1:1234")),
		LocalAddr:     net.TCPAddrFromAddrPort(netip.MustParseAddrPort("192.0.2.2:80")),
	}
	switch {
	case strings.HasPrefix(target, "/") || target == "*":
	case strings.HasPrefix(target, "http://"), strings.HasPrefix(target, "https://"):
		scheme, rest, _ := strings.Cut(target, "://")
		host, _, _ := strings.Cut(rest, "/")
		host, _, _ = strings.Cut(host, "?")
		in.Host = host
		if scheme == "https" {
			in.TLS = fakeTLS()
		}
	default:
		panic("iron: NewRequest: target must be a path or an absolute http(s) URL: " + strconv.Quote(target))
	}
	if body != nil {
		if l, ok := body.(interface{ Len() int }); ok {
			in.ContentLength = int64(l.Len())
			in.Header = append(in.Header, HeaderField{"Content-Length", strconv.Itoa(l.Len())})
		} else {
			in.ContentLength = -1
			in.Header = append(in.Header, HeaderField{"Transfer-Encoding", "chunked"})
		}
	}
	in.Header = append(in.Header, HeaderField{"Host", in.Host})
	r := new(Request)
	r.reset(&in)
	return r
}

// fakeTLS is the connection state of a test request to an https URL: enough
// for Scheme and URL to say https.
func fakeTLS() *tls.ConnectionState {
	return &tls.ConnectionState{Version: tls.VersionTLS13, HandshakeComplete: true, ServerName: ""}
}
