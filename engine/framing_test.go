package engine_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestFramingRefused sends messages that could smuggle a request past a
// proxy (RFC 9112 section 6 and 11.2) or are otherwise malformed, each
// followed by a second request. The engine must answer with the status,
// close the connection, never run the handler, and never read the bytes
// after the bad message as a request.
func TestFramingRefused(t *testing.T) {
	const smuggled = "GET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n"
	for _, tc := range []struct {
		name, raw string
		status    string
	}{
		{"content-length with transfer-encoding", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "400"},
		{"transfer-encoding on HTTP/1.0", "POST /a HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "400"},
		{"two different content-lengths", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", "400"},
		{"content-length list", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3, 3\r\n\r\nabc", "400"},
		{"non-numeric content-length", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3a\r\n\r\nabc", "400"},
		{"signed content-length", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: +3\r\n\r\nabc", "400"},
		{"overflowing content-length", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n", "400"},
		{"unknown transfer coding", "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", "501"},
		{"chunked not last", "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", "400"},
		{"chunked twice", "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "400"},
		{"obs-fold", "GET /a HTTP/1.1\r\nHost: x\r\nX-A: b\r\n  c\r\n\r\n", "400"},
		{"space before colon", "GET /a HTTP/1.1\r\nHost: x\r\nContent-Length : 0\r\n\r\n", "400"},
		{"NUL in value", "GET /a HTTP/1.1\r\nHost: x\r\nX-A: b\x00c\r\n\r\n", "400"},
		{"CR in value", "GET /a HTTP/1.1\r\nHost: x\r\nX-A: b\rc\r\n\r\n", "400"},
		{"bare LF line ending", "GET /a HTTP/1.1\nHost: x\n\n", "400"},
		{"LF in name", "GET /a HTTP/1.1\r\nHost: x\r\nX\nA: b\r\n\r\n", "400"},
		{"missing host", "GET /a HTTP/1.1\r\n\r\n", "400"},
		{"repeated host", "GET /a HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n", "400"},
		{"invalid host", "GET /a HTTP/1.1\r\nHost: x y\r\n\r\n", "400"},
		{"invalid method token", "G(T /a HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
		{"two spaces in request line", "GET  /a HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
		{"lower-case version", "GET /a http/1.1\r\nHost: x\r\n\r\n", "400"},
		{"unsupported version", "GET /a HTTP/2.0\r\nHost: x\r\n\r\n", "505"},
		{"fragment in target", "GET /a#b HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
		{"malformed chunk size", "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", "400"},
		{"chunk size with sign", "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n-3\r\nabc\r\n0\r\n\r\n", "400"},
		{"chunk data too long", "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcd\r\n0\r\n\r\n", "400"},
		{"bare LF after chunk size", "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\nabc\r\n0\r\n\r\n", "400"},
		{"unsupported expectation", "GET /a HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n", "417"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := newRecorder()
			_, addr := start(t, echoBody(rec))
			out := exchange(t, addr, tc.raw+smuggled)
			assert.True(t, strings.HasPrefix(out, "HTTP/1.1 "+tc.status+" "), "answer: %q", out)
			assert.Equal(t, 1, strings.Count(out, "HTTP/1.1 "), "exactly one answer, then close: %q", out)
			assert.NotContains(t, rec.targets(), "/smuggled")
		})
	}
}
