package engine_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
)

// TestAnswersWithoutContent checks the framing of answers that carry no
// content whatever the handler gave (RFC 9110 sections 6.4.1, 8.6, 9.3.2):
// each is sent with the expected framing header and no body, and the next
// answer on the connection follows right after its head.
func TestAnswersWithoutContent(t *testing.T) {
	stream := iron.StreamBody(func(w io.Writer) error { _, err := io.WriteString(w, "streamed"); return err })
	for _, tc := range []struct {
		name    string
		method  string
		res     *iron.Response
		status  string
		want    string // a framing line the head must hold
		notWant []string
	}{
		{"HEAD states the length the handler gives", "HEAD", iron.With(http.StatusOK, http.Header{"Content-Length": {"42"}}),
			"200 OK", "Content-Length: 42", []string{"Transfer-Encoding"}},
		{"HEAD states the length of the body", "HEAD", iron.With(http.StatusOK, "Hello"),
			"200 OK", "Content-Length: 5", []string{"Transfer-Encoding"}},
		{"HEAD of a stream sends no chunks", "HEAD", iron.With(http.StatusOK, stream),
			"200 OK", "", []string{"Transfer-Encoding", "Content-Length"}},
		{"HEAD with an invalid length sends none", "HEAD", iron.With(http.StatusOK, http.Header{"Content-Length": {"4x"}}),
			"200 OK", "", []string{"Content-Length"}},
		{"204 never has a length or a body", "GET", iron.With(http.StatusNoContent, http.Header{"Content-Length": {"3"}}, "abc"),
			"204 No Content", "", []string{"Content-Length", "Transfer-Encoding"}},
		{"204 with a stream", "GET", iron.With(http.StatusNoContent, stream),
			"204 No Content", "", []string{"Content-Length", "Transfer-Encoding"}},
		{"205 says its content is empty", "GET", iron.With(http.StatusResetContent, "abc"),
			"205 Reset Content", "Content-Length: 0", []string{"Transfer-Encoding"}},
		{"304 drops the body", "GET", iron.With(http.StatusNotModified, "abc"),
			"304 Not Modified", "", []string{"Content-Length", "Transfer-Encoding"}},
		{"304 may state the length GET would send", "GET", iron.With(http.StatusNotModified, http.Header{"Content-Length": {"42"}}),
			"304 Not Modified", "Content-Length: 42", []string{"Transfer-Encoding"}},
		{"304 of a stream", "GET", iron.With(http.StatusNotModified, stream),
			"304 Not Modified", "", []string{"Content-Length", "Transfer-Encoding"}},
		{"an interim status is a handler bug", "GET", iron.With(http.StatusEarlyHints, "abc"),
			"500 Internal Server Error", "Content-Length: 21", nil},
		{"a status of four digits is a handler bug", "GET", &iron.Response{Status: 1000},
			"500 Internal Server Error", "Content-Length: 21", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, addr := start(t, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
				if req.EscapedPath() == "/next" {
					return iron.With(http.StatusOK, "next"), nil
				}
				return tc.res, nil
			}), quietLogger())
			out := exchange(t, addr, tc.method+" /a HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
			head, rest, ok := strings.Cut(out, "\r\n\r\n")
			require.True(t, ok, out)
			assert.Equal(t, "HTTP/1.1 "+tc.status, statusLine(head))
			if tc.want != "" {
				assert.Contains(t, head+"\r\n", "\r\n"+tc.want+"\r\n")
			}
			for _, h := range tc.notWant {
				assert.NotContains(t, head, h+":")
			}
			if tc.status[0] == '5' {
				rest = strings.TrimPrefix(rest, "Internal Server Error")
			}
			assert.True(t, strings.HasPrefix(rest, "HTTP/1.1 200 OK\r\n"), "the next answer follows the head at once: %q", rest)
			assert.True(t, strings.HasSuffix(rest, "\r\n\r\nnext"), rest)
		})
	}
}

// TestHandlerFramingFieldsAreNotSent gives the engine framing fields in a
// header map whose names are not canonical: none of them reaches the client
// beside the engine's own framing.
func TestHandlerFramingFieldsAreNotSent(t *testing.T) {
	_, addr := start(t, iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		res := &iron.Response{Status: http.StatusOK, Header: http.Header{
			"content-length":    {"999"},
			"TRANSFER-ENCODING": {"chunked"},
			"connection":        {"upgrade"},
			"X-Kept":            {"yes"},
		}}
		res.SetBody(iron.StringBody("abc"))
		return res, nil
	}))
	out := exchange(t, addr, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	head, body, _ := strings.Cut(out, "\r\n\r\n")
	lower := strings.ToLower(head)
	assert.Equal(t, 1, strings.Count(lower, "content-length:"), head)
	assert.Contains(t, head, "\r\nContent-Length: 3")
	assert.NotContains(t, lower, "transfer-encoding")
	assert.NotContains(t, lower, "upgrade")
	assert.Contains(t, head, "\r\nX-Kept: yes")
	assert.Equal(t, "abc", body)
}
