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
		{"expectation list", "GET /a HTTP/1.1\r\nHost: x\r\nExpect: 100-continue, teapot\r\n\r\n", "417"},

		// Host (RFC 9110 section 7.2): required on HTTP/1.1 and valid even
		// when an absolute-form target overrides it.
		{"absolute-form without host", "GET http://a.example/ HTTP/1.1\r\n\r\n", "400"},
		{"absolute-form with invalid host", "GET http://a.example/ HTTP/1.1\r\nHost: x y\r\n\r\n", "400"},
		{"absolute-form with repeated host", "GET http://a.example/ HTTP/1.1\r\nHost: a.example\r\nHost: a.example\r\n\r\n", "400"},
		{"absolute-form with userinfo", "GET http://u@a.example/ HTTP/1.1\r\nHost: a.example\r\n\r\n", "400"},
		{"absolute-form with empty host", "GET http:///a HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
		{"host with a slash", "GET /a HTTP/1.1\r\nHost: x/y\r\n\r\n", "400"},
		{"host with userinfo", "GET /a HTTP/1.1\r\nHost: u@x\r\n\r\n", "400"},
		{"host with a bad port", "GET /a HTTP/1.1\r\nHost: x:8a\r\n\r\n", "400"},
		{"host with percent-encoding", "GET /a HTTP/1.1\r\nHost: x%41\r\n\r\n", "400"},
		{"unclosed IPv6 host", "GET /a HTTP/1.1\r\nHost: [::1\r\n\r\n", "400"},

		// The request line.
		{"CONNECT is not supported", "CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443\r\n\r\n", "501"},
		{"asterisk with GET", "GET * HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
		{"bad percent-encoding in the path", "GET /a%zz HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
		{"bad percent-encoding in the query", "GET /a?q=%z1 HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
		{"lone percent at the end", "GET /a?q=100% HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
		{"CR in the target", "GET /a\rb HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
		{"tab between method and target", "GET\t/a HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
		{"space after the version", "GET /a HTTP/1.1 \r\nHost: x\r\n\r\n", "400"},
		{"two-digit minor version", "GET /a HTTP/1.10\r\nHost: x\r\n\r\n", "400"},
		{"HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "505"},
		{"HTTP/0.9", "GET /a HTTP/0.9\r\n\r\n", "505"},

		// Line endings and fields.
		{"bare LF after a field", "GET /a HTTP/1.1\r\nHost: x\nX-A: b\r\n\r\n", "400"},
		{"bare LF ending the head", "GET /a HTTP/1.1\r\nHost: x\r\n\n", "400"},
		{"whitespace before the first field", "GET /a HTTP/1.1\r\n Host: x\r\n\r\n", "400"},
		{"field without colon", "GET /a HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n", "400"},
		{"empty field name", "GET /a HTTP/1.1\r\nHost: x\r\n: v\r\n\r\n", "400"},
		{"too many fields", "GET /a HTTP/1.1\r\nHost: x\r\n" + strings.Repeat("X-N: v\r\n", 300) + "\r\n", "431"},

		// Content-Length (RFC 9110 section 8.6): digits only, and once.
		{"identical content-lengths", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", "400"},
		{"negative content-length", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", "400"},
		{"content-length with underscore", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1_0\r\n\r\n0123456789", "400"},
		{"hex content-length", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 0x3\r\n\r\nabc", "400"},
		{"empty content-length", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length:\r\n\r\n", "400"},
		{"content-length with inner space", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 1 0\r\n\r\n0123456789", "400"},

		// Transfer-Encoding (RFC 9112 section 6.1).
		{"chunked then identity", "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n", "400"},
		{"xchunked", "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n", "501"},
		{"identity alone", "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: identity\r\n\r\n", "501"},
		{"empty transfer-encoding", "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n\r\n", "400"},
		{"transfer-encoding then content-length", "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n", "400"},

		// Chunked framing (RFC 9112 section 7.1).
		{"chunk size with leading space", chunkedPost(" 3\r\nabc\r\n0\r\n\r\n"), "400"},
		{"chunk size with trailing space", chunkedPost("3 \r\nabc\r\n0\r\n\r\n"), "400"},
		{"chunk size with 0x", chunkedPost("0x3\r\nabc\r\n0\r\n\r\n"), "400"},
		{"chunk size overflow", chunkedPost("10000000000000003\r\nabc\r\n0\r\n\r\n"), "400"},
		{"empty chunk size", chunkedPost("\r\nabc\r\n0\r\n\r\n"), "400"},
		{"missing CRLF after chunk data", chunkedPost("3\r\nabc0\r\n\r\n"), "400"},
		{"bare LF after chunk data", chunkedPost("3\r\nabc\n0\r\n\r\n"), "400"},
		{"chunk extension without name", chunkedPost("3;\r\nabc\r\n0\r\n\r\n"), "400"},
		{"chunk extension with trailing space", chunkedPost("3;a=b \r\nabc\r\n0\r\n\r\n"), "400"},
		{"unclosed quoted chunk extension", chunkedPost("3;a=\"b\r\nabc\r\n0\r\n\r\n"), "400"},
		{"malformed trailer", chunkedPost("3\r\nabc\r\n0\r\nBad Trailer: v\r\n\r\n"), "400"},
		{"obs-fold in trailer", chunkedPost("3\r\nabc\r\n0\r\nX-A: v\r\n w\r\n\r\n"), "400"},
		{"flood of chunk extensions", chunkedPost(strings.Repeat("1;e="+strings.Repeat("v", 4000)+"\r\na\r\n", 20) + "0\r\n\r\n"), "400"},
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

func chunkedPost(body string) string {
	return "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + body
}
