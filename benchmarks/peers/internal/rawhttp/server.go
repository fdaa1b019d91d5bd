package rawhttp

import (
	"bufio"
	"bytes"
	"errors"
	"net"
	"strconv"
	"sync/atomic"
	"time"
)

// bufSize bounds one request line or header field, and is the size of the
// per-connection reader and writer.
const bufSize = 4096

// maxHeaderFields bounds the header fields of one request.
const maxHeaderFields = 100

// Serve accepts connections on ln and serves each in its own goroutine until
// Accept fails; it returns that error. Closing ln stops it; connections
// already accepted run until their client closes them.
func Serve(ln net.Listener) error {
	for {
		c, err := ln.Accept()
		if err != nil {
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				time.Sleep(5 * time.Millisecond)
				continue
			}
			return err
		}
		go ServeConn(c)
	}
}

// ServeConn serves the requests of one connection in order, then closes it.
// It returns when the client closes the connection, asks for a close, sends
// a request it cannot read, or a write fails.
func ServeConn(c net.Conn) {
	defer c.Close()
	r := bufio.NewReaderSize(c, bufSize)
	w := bufio.NewWriterSize(c, bufSize)
	scratch := make([]byte, 0, 64)
	for {
		req, err := readRequest(r, scratch)
		if err != nil {
			if answer := errorAnswer(err); answer != nil {
				writeAnswer(w, answer, nil, false, true)
				_ = w.Flush()
			}
			return
		}
		scratch = req.path[:0]
		a := route(req.path)
		if !req.methodOK {
			a = notAllowed
		}
		writeAnswer(w, a, req.param, req.head, !req.keepAlive)
		// Flush only when no further request is already buffered, so that
		// pipelined requests are answered with one write.
		if !req.keepAlive || r.Buffered() == 0 {
			if w.Flush() != nil || !req.keepAlive {
				return
			}
		}
	}
}

// answer is a response precomputed but for its Date header (and, for
// /user/{id}, its body and Content-Length).
type answer struct {
	status  []byte // "HTTP/1.1 200 OK\r\n"
	headers []byte // the header fields after Date, without Content-Length
	body    []byte // nil: the body is the request's parameter
}

var (
	plaintext = &answer{status: []byte("HTTP/1.1 200 OK\r\n"),
		headers: []byte("Content-Type: text/plain; charset=utf-8\r\n"), body: []byte("Hello, World!")}
	jsonHello = &answer{status: []byte("HTTP/1.1 200 OK\r\n"),
		headers: []byte("Content-Type: application/json\r\n"), body: []byte(`{"message":"Hello, World!"}`)}
	user = &answer{status: []byte("HTTP/1.1 200 OK\r\n"),
		headers: []byte("Content-Type: text/plain; charset=utf-8\r\n")}
	notFound = &answer{status: []byte("HTTP/1.1 404 Not Found\r\n"),
		headers: []byte("Content-Type: text/plain; charset=utf-8\r\n"), body: []byte("Not Found")}
	notAllowed = &answer{status: []byte("HTTP/1.1 405 Method Not Allowed\r\n"),
		headers: []byte("Allow: GET, HEAD\r\nContent-Type: text/plain; charset=utf-8\r\n"), body: []byte("Method Not Allowed")}
	badRequest = &answer{status: []byte("HTTP/1.1 400 Bad Request\r\n"),
		headers: []byte("Content-Type: text/plain; charset=utf-8\r\n"), body: []byte("Bad Request")}
	tooLarge = &answer{status: []byte("HTTP/1.1 431 Request Header Fields Too Large\r\n"),
		headers: []byte("Content-Type: text/plain; charset=utf-8\r\n"), body: []byte("Request Header Fields Too Large")}
	notImplemented = &answer{status: []byte("HTTP/1.1 501 Not Implemented\r\n"),
		headers: []byte("Content-Type: text/plain; charset=utf-8\r\n"), body: []byte("Not Implemented")}
)

// route maps a request path to its answer; /user/{id} takes its body from
// the request (see request.param).
func route(path []byte) *answer {
	switch {
	case string(path) == "/plaintext":
		return plaintext
	case string(path) == "/json":
		return jsonHello
	case bytes.HasPrefix(path, []byte("/user/")) && len(path) > len("/user/") &&
		bytes.IndexByte(path[len("/user/"):], '/') < 0:
		return user
	}
	return notFound
}

// writeAnswer writes a into w. param is the body when a has none; head
// leaves the body out (HEAD); closing adds "Connection: close".
func writeAnswer(w *bufio.Writer, a *answer, param []byte, head, closing bool) {
	body := a.body
	if body == nil {
		body = param
	}
	_, _ = w.Write(a.status)
	_, _ = w.WriteString("Server: raw\r\nDate: ")
	_, _ = w.Write(httpDate())
	_, _ = w.WriteString("\r\n")
	_, _ = w.Write(a.headers)
	_, _ = w.WriteString("Content-Length: ")
	var n [20]byte
	_, _ = w.Write(strconv.AppendInt(n[:0], int64(len(body)), 10))
	if closing {
		_, _ = w.WriteString("\r\nConnection: close")
	}
	_, _ = w.WriteString("\r\n\r\n")
	if !head {
		_, _ = w.Write(body)
	}
}

// dateCache holds the Date header value of the current second.
type dateCache struct {
	unix  int64
	value []byte
}

var date atomic.Pointer[dateCache]

// httpDate returns the IMF-fixdate of now, formatted at most once a second.
// The returned slice is shared and must not be modified.
func httpDate() []byte {
	now := time.Now()
	if d := date.Load(); d != nil && d.unix == now.Unix() {
		return d.value
	}
	d := &dateCache{unix: now.Unix(), value: now.UTC().AppendFormat(nil, "Mon, 02 Jan 2006 15:04:05 GMT")}
	date.Store(d)
	return d.value
}
