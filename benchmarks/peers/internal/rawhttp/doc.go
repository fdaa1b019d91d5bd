// Package rawhttp is the comparison's ceiling: the least work a correct
// HTTP/1.1 keep-alive server can do in Go for the three endpoints of the
// contract, with a goroutine per connection, a bufio reader and writer, and
// responses precomputed up to the Date header and the user id.
//
// It is honest about request boundaries: it reads the request line and the
// header fields up to the blank line, skips a Content-Length body, answers
// pipelined requests in order (flushing once the reader holds no more
// input, so a batch of requests costs one write), honours
// "Connection: close" and HTTP/1.0 (keep-alive only when asked for), and
// sends a Date header. It is not a general server: chunked request bodies
// are answered with 501 and the connection closed, there is no
// Expect: 100-continue, and the limits are those of its 4 KiB buffers (a
// longer request line or header field gets 431 and a close).
package rawhttp
