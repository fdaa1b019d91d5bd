package iron

import (
	"fmt"
	"net/http"
)

// Interim sends an interim (1xx) answer to req's client ahead of the final
// one: 103 Early Hints (RFC 8297), say, with Link headers for what the
// client may start loading while the handler works:
//
//	_ = iron.Interim(req, http.StatusEarlyHints,
//		http.Header{"Link": {"</app.css>; rel=preload; as=style"}})
//
// status is 102 to 199, but not 101 (a switch is a final answer: see
// [Upgrade]); 100 Continue is the server's own, sent when it starts reading
// a body. Interim panics on any other status, a programming error. The
// header is written as it is when Interim is called, and is no part of the
// final answer; a server leaves out of it the fields that frame a message
// (Content-Length, Transfer-Encoding, Connection, Trailer).
//
// Interim returns nil once the answer is sent or queued. Nothing is sent to
// an HTTP/1.0 client, which cannot take one (RFC 9110 section 15.2), nor by
// a server that has no way to send one (such as a request made with
// [NewRequest]); Interim returns nil then too, as an interim answer is a
// hint a client can go without. It returns an error when a field of header
// cannot be sent (a name that is not a token; CR, LF or NUL in a value),
// when the final answer has begun, or when the client is gone.
//
// Call it while the request is served (from the handler or a middleware),
// never after the handler has returned.
func Interim(req *Request, status int, header http.Header) error {
	if status < 102 || status > 199 {
		panic(fmt.Sprintf("iron: Interim: %d is not an interim status a handler can send (102 to 199)", status))
	}
	if req.in.Interim == nil {
		return nil
	}
	return req.in.Interim(status, header)
}
