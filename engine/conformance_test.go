package engine_test

import (
	"bufio"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

// hostEcho answers with what the handler sees of the request.
func hostEcho(req *iron.Request) (*iron.Response, error) {
	return iron.With(http.StatusOK, req.Proto()+" "+req.Method()+" "+req.RequestURI()+" host="+req.Host()+" url="+req.URL().String()), nil
}

// TestAcceptedRequests sends requests RFC 9112 and 9110 allow, some of them
// unusual, each followed by a second request on the same connection: the
// handler sees what it should, and the connection stays usable.
func TestAcceptedRequests(t *testing.T) {
	for _, tc := range []struct {
		name, raw, want string
	}{
		{"absolute-form: the target's authority wins over Host",
			"GET http://a.example:8080/p?q=1 HTTP/1.1\r\nHost: other.example\r\n\r\n",
			"HTTP/1.1 GET http://a.example:8080/p?q=1 host=a.example:8080 url=http://a.example:8080/p?q=1"},
		{"absolute-form with an upper-case scheme", "GET HTTP://a.example HTTP/1.1\r\nHost: a.example\r\n\r\n",
			"HTTP/1.1 GET HTTP://a.example host=a.example url=http://a.example/"},
		{"OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 OPTIONS * host=x url=http://x/*"},
		{"TE and Upgrade are ignored", "GET /u HTTP/1.1\r\nHost: x\r\nTE: trailers\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c, websocket\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n",
			"HTTP/1.1 GET /u host=x url=http://x/u"},
		{"a later HTTP/1.x is served as HTTP/1.1", "GET /v HTTP/1.2\r\nHost: x\r\n\r\n", "HTTP/1.2 GET /v host=x url=http://x/v"},
		{"an empty line before the request line", "\r\nGET /e HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 GET /e host=x url=http://x/e"},
		{"empty Host", "GET /h HTTP/1.1\r\nHost:\r\n\r\n", "HTTP/1.1 GET /h host= url=http:///h"},
		{"IPv6 Host with port", "GET /h HTTP/1.1\r\nHost: [::1]:80\r\n\r\n", "HTTP/1.1 GET /h host=[::1]:80 url=http://[::1]:80/h"},
		{"percent-encodings whole", "GET /a%2Fb?q=%41%42 HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 GET /a%2Fb?q=%41%42 host=x url=http://x/a%2Fb?q=%41%42"},
		{"field names in any case, values trimmed", "GET /c HTTP/1.1\r\nhOST: \t x \t\r\n\r\n", "HTTP/1.1 GET /c host=x url=http://x/c"},
		{"a header line that is long", "GET /l HTTP/1.1\r\nHost: x\r\nX-Long: " + strings.Repeat("v", 20000) + "\r\n\r\n", "HTTP/1.1 GET /l host=x url=http://x/l"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, addr := start(t, iron.HandlerFunc(hostEcho))
			c := dial(t, addr)
			_, err := io.WriteString(c, tc.raw+"GET /next HTTP/1.1\r\nHost: x\r\n\r\n")
			require.NoError(t, err)
			br := bufio.NewReader(c)
			res, body := readResponse(t, br, "GET")
			assert.Equal(t, http.StatusOK, res.StatusCode)
			assert.Equal(t, tc.want, body)
			assert.False(t, res.Close)
			res, body = readResponse(t, br, "GET")
			assert.Equal(t, http.StatusOK, res.StatusCode)
			assert.Equal(t, "HTTP/1.1 GET /next host=x url=http://x/next", body)
		})
	}
}

// TestConnectionCloseIsHonoured checks that a request asking to close gets
// Connection: close and that the engine closes once it has answered, never
// reading what follows as a request.
func TestConnectionCloseIsHonoured(t *testing.T) {
	for _, conn := range []string{"close", "CLOSE", "keep-alive, close", "Upgrade,close"} {
		t.Run(conn, func(t *testing.T) {
			rec := newRecorder()
			_, addr := start(t, rec)
			out := exchange(t, addr, "GET /a HTTP/1.1\r\nHost: x\r\nConnection: "+conn+"\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n")
			head, body, _ := strings.Cut(out, "\r\n\r\n")
			assert.Contains(t, head, "\r\nConnection: close")
			assert.Equal(t, "GET /a", body, "nothing after the answer")
			assert.Equal(t, []string{"/a"}, rec.targets())
		})
	}
}

// TestHeadSplitAcrossReads sends a head in pieces cut at awkward places:
// between CR and LF, inside the final empty line, in a long field value.
func TestHeadSplitAcrossReads(t *testing.T) {
	rec := newRecorder()
	_, addr := start(t, rec)
	c := dial(t, addr)
	pieces := []string{"\r", "\nGET /split", " HTTP/1.1\r", "\nHost: x\r\nX-Long: ", strings.Repeat("v", 9000), "\r", "\n\r", "\n"}
	for _, p := range pieces {
		_, err := io.WriteString(c, p)
		require.NoError(t, err)
		time.Sleep(5 * time.Millisecond)
	}
	res, body := readResponse(t, bufio.NewReader(c), "GET")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "GET /split", body)
}

// TestEmptyLinesCountAgainstTheHeadLimit sends nothing but empty lines: the
// engine may skip some before a request line (RFC 9112 section 2.2), but not
// without end.
func TestEmptyLinesCountAgainstTheHeadLimit(t *testing.T) {
	_, addr := start(t, newRecorder(), maxes(1024, 512, 100))
	c := dial(t, addr)
	// The engine may close before all is written: ignore write errors.
	go io.WriteString(c, strings.Repeat("\r\n", 4096))
	c.SetReadDeadline(time.Now().Add(2 * time.Second))
	out, _ := io.ReadAll(c)
	assert.True(t, strings.HasPrefix(string(out), "HTTP/1.1 431 "), "answer: %q", out)
}

func TestMaxHeaderCount(t *testing.T) {
	_, addr := start(t, newRecorder(), engine.MaxHeaderCount(3))
	fields := "Host: x\r\nA: 1\r\nB: 2\r\n"
	out := exchange(t, addr, "GET /three HTTP/1.1\r\n"+fields+"Connection: close\r\n\r\n")
	assert.Equal(t, "HTTP/1.1 431 Request Header Fields Too Large", statusLine(out), "four fields")
	out = exchange(t, addr, "GET /three HTTP/1.1\r\n"+fields+"\r\nGET /four HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	assert.Equal(t, "HTTP/1.1 200 OK", statusLine(out), "three fields")
	assert.Contains(t, out, "GET /four")
}
