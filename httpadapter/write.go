package httpadapter

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/iron-go/iron"
)

// writeResponse writes res to w with the core's defaults (see [Handler]) and
// closes its body. It returns the error that cut the body short, if any,
// when the status line and headers are already sent.
func writeResponse(w http.ResponseWriter, method string, res *iron.Response) error {
	if status := res.StatusCode(); status < 200 && status != http.StatusSwitchingProtocols {
		// An interim answer is not a final one: a handler bug, which the
		// engine answers with a 500 too.
		res.Body().Close()
		res = internalError
	}
	body := res.Body()
	defer body.Close()

	h := w.Header()
	for name, values := range res.Header {
		switch name {
		case "Content-Length", "Transfer-Encoding":
			// The body frames the message, as on the engine; a stated
			// length only stands in for a body left out (HEAD, 304).
			if !body.IsZero() {
				continue
			}
		}
		// A full slice expression, so that whoever appends to the header
		// later copies rather than writes into a response a handler keeps.
		h[name] = values[:len(values):len(values)]
	}
	if _, ok := h["Content-Type"]; !ok {
		switch ct := res.ContentType(); ct {
		case "":
		case iron.DefaultContentType:
			h["Content-Type"] = defaultContentType
		default:
			h["Content-Type"] = []string{ct}
		}
	}
	status := res.StatusCode()
	// Trailers follow a body of unknown length only (see iron.Response), as
	// on the engine; those known before the body starts are announced.
	trailers := body.Len() < 0 && bodyAllowed(status) && method != http.MethodHead
	announced := trailers && len(res.Trailer) > 0
	if announced {
		for name, values := range res.Trailer {
			if validTrailer(name, values) {
				h.Add("Trailer", name)
			}
		}
	}
	if bodyAllowed(status) {
		switch n := body.Len(); {
		case body.IsZero():
			// A HEAD answer (from FromHTTP, say) may state the length of the
			// body it leaves out.
			if _, ok := h["Content-Length"]; !ok {
				h["Content-Length"] = zeroLength
			}
		case n >= 0 && (n >= autoLengthMax || method == http.MethodHead || !inMemory(body)):
			h["Content-Length"] = []string{strconv.FormatInt(n, 10)}
		case n >= 0:
			// net/http states the length of a short body written at once
			// by a handler that then returns, as this one is: let it.
		}
	}
	w.WriteHeader(status)
	if method == http.MethodHead || !bodyAllowed(status) || body.IsZero() {
		return nil
	}

	var out io.Writer = w
	if _, ok := w.(http.Flusher); !ok && !inMemory(body) {
		// A ResponseWriter wrapped by middleware may still reach a flusher
		// through Unwrap.
		out = &controlledWriter{ResponseWriter: w, rc: http.NewResponseController(w)}
	}
	if _, err := body.WriteTo(out); err != nil {
		return err
	}
	if !trailers || len(res.Trailer) == 0 {
		return nil
	}
	if !announced {
		// Trailers a body added while it wrote: net/http would give a short
		// body a Content-Length, which leaves no room for them. Sending the
		// header now makes HTTP/1.1 chunk the body.
		_ = iron.Flush(out)
	}
	for name, values := range res.Trailer {
		// TrailerPrefix sends trailers whether or not they were announced;
		// net/http then takes nothing from the header of the same name.
		if validTrailer(name, values) {
			h[http.TrailerPrefix+name] = values
		}
	}
	return nil
}

// validTrailer reports whether a trailer field can be sent as it is: a token
// for a name, no CR, LF or NUL in a value. net/http's HTTP/2 server drops a
// field that is not, and then never ends the stream; the engine drops it
// too. (To be replaced by internal/httpheader's checks.)
func validTrailer(name string, values []string) bool {
	if name == "" {
		return false
	}
	for i := range len(name) {
		if c := name[i]; c <= ' ' || c >= 0x7f || strings.IndexByte(`"(),/:;<=>?@[\]{}`, c) >= 0 {
			return false
		}
	}
	for _, v := range values {
		if strings.ContainsAny(v, "\r\n\x00") {
			return false
		}
	}
	return true
}

// Header values every response may share: net/http only reads them (it
// copies the header as it writes it), and they are cut to their length, so
// an append copies.
var (
	defaultContentType = []string{iron.DefaultContentType}[:1:1]
	zeroLength         = []string{"0"}[:1:1]
)

// autoLengthMax is the size under which net/http sets the Content-Length of
// a body written in one piece before the handler returns: the buffer of its
// HTTP/1.1 response writer (HTTP/2 buffers more).
const autoLengthMax = 2048

// inMemory reports whether b is a bytes or string body, written in one Write.
func inMemory(b iron.Body) bool {
	if _, ok := b.Bytes(); ok {
		return true
	}
	_, ok := b.Text()
	return ok
}

var internalError = iron.With(http.StatusInternalServerError, http.StatusText(http.StatusInternalServerError))

// bodyAllowed reports whether a response with status may have a body (RFC
// 9110 sections 6.4.1, 15.3.5 and 15.4.5).
func bodyAllowed(status int) bool {
	return status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}

// controlledWriter gives a streaming body a Flush that reaches the
// connection through the layers of an unwrappable ResponseWriter.
type controlledWriter struct {
	http.ResponseWriter
	rc *http.ResponseController
}

func (c *controlledWriter) Flush() error { return c.rc.Flush() }

// ReadFrom keeps sendfile(2) within reach of a file body.
func (c *controlledWriter) ReadFrom(r io.Reader) (int64, error) {
	return io.Copy(c.ResponseWriter, r)
}
