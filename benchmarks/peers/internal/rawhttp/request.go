package rawhttp

import (
	"bufio"
	"bytes"
	"errors"
	"strconv"
)

// request is what the server needs of one request. path and param point
// into the scratch buffer given to readRequest.
type request struct {
	path      []byte
	param     []byte // the {id} of /user/{id}, or nil
	head      bool   // HEAD: no body in the answer
	methodOK  bool   // GET or HEAD; anything else is answered 405
	keepAlive bool   // the connection stays open after the answer
}

var (
	errMalformed      = errors.New("rawhttp: malformed request")
	errTooLarge       = errors.New("rawhttp: request line or header too large")
	errChunked        = errors.New("rawhttp: chunked request bodies are not supported")
	errBodyUnreadable = errors.New("rawhttp: request body cut short")
)

// errorAnswer is the answer to a request readRequest rejected, or nil when
// the connection just ended.
func errorAnswer(err error) *answer {
	switch {
	case errors.Is(err, errMalformed):
		return badRequest
	case errors.Is(err, errTooLarge):
		return tooLarge
	case errors.Is(err, errChunked):
		return notImplemented
	}
	return nil
}

// readRequest reads one request head and skips its Content-Length body.
// The path is copied into scratch (grown when needed): it must survive the
// reads of the header fields, each of which may refill the reader's buffer.
func readRequest(r *bufio.Reader, scratch []byte) (request, error) {
	var req request
	line, err := readLine(r)
	if err != nil {
		return req, err
	}
	for skipped := 0; len(line) == 0; skipped++ { // RFC 9112 §2.2: ignore empty lines before a request
		if skipped == 4 {
			return req, errMalformed
		}
		if line, err = readLine(r); err != nil {
			return req, err
		}
	}
	method, rest, ok := bytes.Cut(line, []byte(" "))
	if !ok {
		return req, errMalformed
	}
	target, proto, ok := bytes.Cut(rest, []byte(" "))
	if !ok || len(target) == 0 || target[0] != '/' {
		return req, errMalformed
	}
	http11 := string(proto) == "HTTP/1.1"
	if !http11 && string(proto) != "HTTP/1.0" {
		return req, errMalformed
	}
	path, _, _ := bytes.Cut(target, []byte("?"))
	req.path = append(scratch[:0], path...)
	req.head = string(method) == "HEAD"
	req.methodOK = req.head || string(method) == "GET"
	req.keepAlive = http11

	var length int64
	for fields := 0; ; fields++ {
		if fields > maxHeaderFields {
			return req, errTooLarge
		}
		line, err = readLine(r)
		if err != nil {
			if errors.Is(err, errMalformed) || errors.Is(err, errTooLarge) {
				return req, err
			}
			return req, errMalformed
		}
		if len(line) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok || len(name) == 0 || bytes.ContainsAny(name, " \t") {
			return req, errMalformed
		}
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			n, err := strconv.ParseInt(string(value), 10, 64)
			if err != nil || n < 0 || (length != 0 && n != length) {
				return req, errMalformed
			}
			length = n
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			return req, errChunked
		case bytes.EqualFold(name, []byte("Connection")):
			if hasToken(value, "close") {
				req.keepAlive = false
			} else if !http11 && hasToken(value, "keep-alive") {
				req.keepAlive = true
			}
		}
	}
	if length > 0 {
		if _, err := r.Discard(int(min(length, 1<<30))); err != nil {
			return req, errBodyUnreadable
		}
	}
	if route(req.path) == user {
		req.param = req.path[len("/user/"):]
	}
	return req, nil
}

// readLine returns one line without its CRLF (or bare LF). The slice is
// valid until the next read from r.
func readLine(r *bufio.Reader) ([]byte, error) {
	line, err := r.ReadSlice('\n')
	if err != nil {
		if errors.Is(err, bufio.ErrBufferFull) {
			return nil, errTooLarge
		}
		return nil, err
	}
	line = line[:len(line)-1]
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	return line, nil
}

// hasToken reports whether the comma-separated list v holds token, ignoring
// case.
func hasToken(v []byte, token string) bool {
	for len(v) > 0 {
		var t []byte
		t, v, _ = bytes.Cut(v, []byte(","))
		if bytes.EqualFold(bytes.TrimSpace(t), []byte(token)) {
			return true
		}
	}
	return false
}
