package engine_test

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

func TestPipeliningAnswersInOrder(t *testing.T) {
	rec := newRecorder()
	_, addr := start(t, rec)
	c := dial(t, addr)
	var batch strings.Builder
	for i := range 20 {
		fmt.Fprintf(&batch, "GET /r%d HTTP/1.1\r\nHost: x\r\n\r\n", i)
	}
	_, err := io.WriteString(c, batch.String())
	require.NoError(t, err)
	br := bufio.NewReader(c)
	for i := range 20 {
		res, body := readResponse(t, br, "GET")
		assert.Equal(t, http.StatusOK, res.StatusCode)
		assert.Equal(t, fmt.Sprintf("GET /r%d", i), body)
		assert.NotEmpty(t, res.Header.Get("Date"))
	}
}

func TestKeepAliveAndClose(t *testing.T) {
	for _, tc := range []struct {
		name       string
		raw        string
		wantClose  bool
		wantHeader string
	}{
		{"HTTP/1.1 keeps the connection", "GET /a HTTP/1.1\r\nHost: x\r\n\r\n", false, ""},
		{"Connection: close", "GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", true, "close"},
		{"HTTP/1.0 closes", "GET /a HTTP/1.0\r\n\r\n", true, "close"},
		{"HTTP/1.0 keep-alive", "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", false, "keep-alive"},
		{"absolute-form target", "GET http://example.org/a HTTP/1.1\r\nHost: x\r\n\r\n", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, addr := start(t, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
				return iron.With(http.StatusOK, req.Host()+" "+req.EscapedPath()), nil
			}))
			c := dial(t, addr)
			_, err := io.WriteString(c, tc.raw)
			require.NoError(t, err)
			br := bufio.NewReader(c)
			res, body := readResponse(t, br, "GET")
			assert.Equal(t, http.StatusOK, res.StatusCode)
			assert.True(t, strings.HasSuffix(body, " /a"), body)
			if strings.Contains(tc.raw, "example.org") {
				assert.Equal(t, "example.org /a", body)
			}
			assert.Equal(t, tc.wantClose, res.Close)
			if tc.wantHeader == "keep-alive" {
				assert.Equal(t, "keep-alive", res.Header.Get("Connection"))
			}
			if tc.wantClose {
				assert.True(t, closedAfter(br, c))
				return
			}
			_, err = io.WriteString(c, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n")
			require.NoError(t, err)
			res, _ = readResponse(t, br, "GET")
			assert.Equal(t, http.StatusOK, res.StatusCode)
		})
	}
}

func TestHeadSendsHeadersOnly(t *testing.T) {
	_, addr := start(t, iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "Hello, World!"), nil
	}))
	c := dial(t, addr)
	_, err := io.WriteString(c, "HEAD /a HTTP/1.1\r\nHost: x\r\n\r\nGET /a HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	br := bufio.NewReader(c)
	res, body := readResponse(t, br, "HEAD")
	assert.Equal(t, "13", res.Header.Get("Content-Length"))
	assert.Empty(t, body)
	res, body = readResponse(t, br, "GET")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "Hello, World!", body)
}

func TestRequestBodies(t *testing.T) {
	for _, tc := range []struct {
		name, raw, want string
	}{
		{"content-length", "POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", "hello"},
		{"chunked with extensions and trailers",
			"POST /e HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
				"5;name=value;q=\"a b\"\r\nhello\r\n6\r\n world\r\n0\r\nX-Sum: 1\r\n\r\n", "hello world"},
		{"chunk extensions after bad whitespace", "POST /e HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
			"3 ;a=b\t;c\r\nabc\r\n0\r\n\r\n", "abc"},
		{"chunked split in many chunks", "POST /e HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
			strings.Repeat("1\r\na\r\n", 50) + "0\r\n\r\n", strings.Repeat("a", 50)},
		{"large content-length", "POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + strings.Repeat("b", 100000), strings.Repeat("b", 100000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, addr := start(t, echoBody(nil))
			c := dial(t, addr)
			_, err := io.WriteString(c, tc.raw+"POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nnext")
			require.NoError(t, err)
			br := bufio.NewReader(c)
			res, body := readResponse(t, br, "POST")
			assert.Equal(t, http.StatusOK, res.StatusCode)
			assert.Equal(t, tc.want, body)
			_, body = readResponse(t, br, "POST")
			assert.Equal(t, "next", body, "the next request is framed right")
		})
	}
}

func TestUnreadBodyIsDrained(t *testing.T) {
	_, addr := start(t, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "ignored "+req.EscapedPath()), nil
	}))
	c := dial(t, addr)
	_, err := io.WriteString(c,
		"POST /1 HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789"+
			"POST /2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"+
			"GET /3 HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	br := bufio.NewReader(c)
	for _, want := range []string{"ignored /1", "ignored /2", "ignored /3"} {
		res, body := readResponse(t, br, "GET")
		assert.Equal(t, http.StatusOK, res.StatusCode)
		assert.Equal(t, want, body)
	}
}

func TestExpectContinue(t *testing.T) {
	t.Run("100 Continue when the handler reads", func(t *testing.T) {
		_, addr := start(t, echoBody(nil))
		c := dial(t, addr)
		_, err := io.WriteString(c, "POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
		require.NoError(t, err)
		br := bufio.NewReader(c)
		line, err := br.ReadString('\n')
		require.NoError(t, err)
		assert.Equal(t, "HTTP/1.1 100 Continue\r\n", line)
		blank, _ := br.ReadString('\n')
		assert.Equal(t, "\r\n", blank)
		_, err = io.WriteString(c, "hello")
		require.NoError(t, err)
		res, body := readResponse(t, br, "POST")
		assert.Equal(t, http.StatusOK, res.StatusCode)
		assert.Equal(t, "hello", body)
	})
	// The engine sends 100 Continue itself as it buffers a body (see
	// buffer.go): only a body it refuses unread, one whose Content-Length
	// is over MaxBodyBytes, gets none.
	t.Run("no 100 Continue for a body over the limit", func(t *testing.T) {
		_, addr := start(t, iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
			return iron.With(http.StatusForbidden, "no"), nil
		}), engine.MaxBodyBytes(4))
		c := dial(t, addr)
		_, err := io.WriteString(c, "POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
		require.NoError(t, err)
		br := bufio.NewReader(c)
		res, body := readResponse(t, br, "POST")
		assert.Equal(t, http.StatusForbidden, res.StatusCode)
		assert.Equal(t, "no", body)
		assert.True(t, res.Close, "the unsent body cannot be framed: close")
		assert.True(t, closedAfter(br, c))
	})
	t.Run("100 Continue before the handler runs", func(t *testing.T) {
		ran := make(chan struct{}, 1)
		_, addr := start(t, iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
			ran <- struct{}{}
			return iron.With(http.StatusForbidden, "no"), nil
		}))
		c := dial(t, addr)
		_, err := io.WriteString(c, "POST /e HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
		require.NoError(t, err)
		br := bufio.NewReader(c)
		line, err := br.ReadString('\n')
		require.NoError(t, err)
		assert.Equal(t, "HTTP/1.1 100 Continue\r\n", line)
		assert.Empty(t, ran, "the handler runs once the body is here")
		blank, _ := br.ReadString('\n')
		assert.Equal(t, "\r\n", blank)
		_, err = io.WriteString(c, "hello")
		require.NoError(t, err)
		res, body := readResponse(t, br, "POST")
		assert.Equal(t, http.StatusForbidden, res.StatusCode)
		assert.Equal(t, "no", body)
		assert.False(t, res.Close, "the body came: the connection stays")
	})
}

func TestChunkedResponseWithTrailers(t *testing.T) {
	_, addr := start(t, iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		res := iron.With(http.StatusOK, func(w io.Writer) error {
			io.WriteString(w, "part one, ")
			iron.Flush(w)
			io.WriteString(w, "part two")
			return nil
		})
		res.Trailer = http.Header{"X-Checksum": {"42"}}
		return res, nil
	}))
	c := dial(t, addr)
	_, err := io.WriteString(c, "GET /s HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	br := bufio.NewReader(c)
	res, body := readResponse(t, br, "GET")
	assert.Equal(t, []string{"chunked"}, res.TransferEncoding)
	assert.Equal(t, "part one, part two", body)
	assert.Equal(t, "42", res.Trailer.Get("X-Checksum"))
}

func TestHTTP10StreamEndsWithConnection(t *testing.T) {
	_, addr := start(t, iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, func(w io.Writer) error { _, err := io.WriteString(w, "streamed"); return err }), nil
	}))
	out := exchange(t, addr, "GET /s HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
	assert.Contains(t, out, "Connection: close\r\n")
	assert.NotContains(t, out, "Transfer-Encoding")
	assert.True(t, strings.HasSuffix(out, "\r\n\r\nstreamed"), out)
}

func TestResponseHeaderInjectionRefused(t *testing.T) {
	_, addr := start(t, iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, http.Header{"X-Evil": {"a\r\nSet-Cookie: stolen=1"}}, "body"), nil
	}), quietLogger())
	out := exchange(t, addr, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	assert.Equal(t, "HTTP/1.1 500 Internal Server Error", statusLine(out))
	assert.NotContains(t, out, "stolen")
}

func TestPanicIs500AndServingGoesOn(t *testing.T) {
	_, addr := start(t, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if req.EscapedPath() == "/panic" {
			panic("boom")
		}
		return iron.With(http.StatusOK, "fine"), nil
	}), quietLogger())
	c := dial(t, addr)
	_, err := io.WriteString(c, "GET /panic HTTP/1.1\r\nHost: x\r\n\r\nGET /ok HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	br := bufio.NewReader(c)
	res, _ := readResponse(t, br, "GET")
	assert.Equal(t, http.StatusInternalServerError, res.StatusCode)
	res, body := readResponse(t, br, "GET")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "fine", body)
}

func TestLimits(t *testing.T) {
	for _, tc := range []struct {
		name, raw, status string
	}{
		{"head too large", "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 2000) + "\r\n\r\n", "431"},
		{"target too long", "GET /" + strings.Repeat("a", 600) + " HTTP/1.1\r\nHost: x\r\n\r\n", "414"},
		{"body too large by length", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n" + strings.Repeat("a", 101), "413"},
		{"chunked body too large", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n65\r\n" + strings.Repeat("a", 101) + "\r\n0\r\n\r\n", "413"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, addr := start(t, echoBody(nil), maxes(1024, 512, 100))
			out := exchange(t, addr, tc.raw)
			assert.True(t, strings.HasPrefix(out, "HTTP/1.1 "+tc.status+" "), "answer: %q", out)
		})
	}
}

func TestDateAndTimeoutsOnIdle(t *testing.T) {
	_, addr := start(t, newRecorder(), idleAndHeader(300*time.Millisecond, 300*time.Millisecond))
	t.Run("slow head is cut", func(t *testing.T) {
		c := dial(t, addr)
		_, err := io.WriteString(c, "GET / HTTP/1.1\r\nHo")
		require.NoError(t, err)
		began := time.Now()
		b, _ := io.ReadAll(c)
		assert.Empty(t, b)
		assert.Less(t, time.Since(began), 2*time.Second)
	})
	t.Run("idle connection is closed", func(t *testing.T) {
		c := dial(t, addr)
		_, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
		require.NoError(t, err)
		br := bufio.NewReader(c)
		res, _ := readResponse(t, br, "GET")
		assert.Equal(t, http.StatusOK, res.StatusCode)
		assert.True(t, closedAfter(br, c))
	})
}

// TestHeadInPieces sends a head a few bytes at a time: between pieces the
// connection is idle again, and the partial head waits in it.
func TestHeadInPieces(t *testing.T) {
	rec := newRecorder()
	_, addr := start(t, rec)
	c := dial(t, addr)
	raw := "GET /pieces HTTP/1.1\r\nHost: x\r\nX-Long: " + strings.Repeat("v", 5000) + "\r\n\r\n"
	for len(raw) > 0 {
		n := min(len(raw), 1500)
		_, err := io.WriteString(c, raw[:n])
		require.NoError(t, err)
		raw = raw[n:]
		time.Sleep(10 * time.Millisecond)
	}
	res, body := readResponse(t, bufio.NewReader(c), "GET")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "GET /pieces", body)
}

// TestStreamPanicAfterContext panics while the body streams, after the
// handler asked for its context: the engine logs it, closes the connection
// and goes on serving others.
func TestStreamPanicAfterContext(t *testing.T) {
	_, addr := start(t, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if req.EscapedPath() == "/ok" {
			return iron.With(http.StatusOK, "ok"), nil
		}
		ctx := req.Context()
		return iron.With(http.StatusOK, func(w io.Writer) error {
			if ctx.Err() == nil {
				panic("stream broke")
			}
			return nil
		}), nil
	}), quietLogger())
	out := exchange(t, addr, "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n")
	assert.NotContains(t, out, "0\r\n\r\n", "a cut stream never looks whole")
	out = exchange(t, addr, "GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	assert.Contains(t, out, "\r\n\r\nok")
}

func TestBodyTooLargeIsReportedToTheHandler(t *testing.T) {
	_, addr := start(t, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		_, err := io.ReadAll(req.Body())
		return iron.With(http.StatusOK, strconv.FormatBool(errors.Is(err, engine.ErrBodyTooLarge))), nil
	}), engine.MaxBodyBytes(10))
	out := exchange(t, addr, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n01234567890")
	assert.True(t, strings.HasSuffix(out, "\r\n\r\ntrue"), out)
	assert.Contains(t, out, "Connection: close\r\n")
}

// TestStringsOutliveTheRequest keeps strings a handler got and checks that
// later requests on the same connection (same buffers, same session) never
// change them.
func TestStringsOutliveTheRequest(t *testing.T) {
	var kept []string
	_, addr := start(t, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		kept = append(kept, req.RequestURI()+"|"+req.HeaderValue("X-Value")+"|"+req.Header().Get("X-Value"))
		return iron.With(http.StatusOK, http.Header{"Date": {"Mon, 02 Jan 2006 15:04:05 GMT"}}), nil
	}), engine.Workers(1))
	c := dial(t, addr)
	br := bufio.NewReader(c)
	for i := range 5 {
		fmt.Fprintf(c, "GET /%d HTTP/1.1\r\nHost: x\r\nX-Value: v%d\r\n\r\n", i, i)
		res, _ := readResponse(t, br, "GET")
		assert.Equal(t, "Mon, 02 Jan 2006 15:04:05 GMT", res.Header.Get("Date"), "a handler's Date wins")
	}
	for i, s := range kept {
		assert.Equal(t, fmt.Sprintf("/%d|v%d|v%d", i, i, i), s)
	}
}

func TestDateHeaderIsCurrent(t *testing.T) {
	_, addr := start(t, newRecorder())
	out := exchange(t, addr, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	res, err := http.ReadResponse(bufio.NewReader(strings.NewReader(out)), nil)
	require.NoError(t, err)
	date, err := http.ParseTime(res.Header.Get("Date"))
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now(), date, 2*time.Second)
}

// TestNoValueSplitsTheResponse sends a CR or LF through every way a value
// reaches the wire besides the header map: a content type set with
// iron.ContentType (from a query parameter, as a careless handler would) and
// trailers. None may put a line of its own on the wire.
func TestNoValueSplitsTheResponse(t *testing.T) {
	for _, tc := range []struct {
		name       string
		res        func(req *iron.Request) *iron.Response
		wantStatus int
	}{
		{"content type", func(req *iron.Request) *iron.Response {
			return iron.With(http.StatusOK, iron.ContentType(req.Query().Get("t")), "body")
		}, http.StatusInternalServerError},
		{"content type of a stream", func(req *iron.Request) *iron.Response {
			return iron.With(http.StatusOK, iron.ContentType(req.Query().Get("t")), func(w io.Writer) error {
				_, err := io.WriteString(w, "streamed")
				return err
			})
		}, http.StatusInternalServerError},
		{"trailer value", func(req *iron.Request) *iron.Response {
			res := iron.With(http.StatusOK, func(w io.Writer) error { _, err := io.WriteString(w, "streamed"); return err })
			res.Trailer = http.Header{"X-Sum": {req.Query().Get("t")}}
			return res
		}, http.StatusOK},
		{"trailer name", func(req *iron.Request) *iron.Response {
			res := iron.With(http.StatusOK, func(w io.Writer) error { _, err := io.WriteString(w, "streamed"); return err })
			res.Trailer = http.Header{"X-A\r\nSet-Cookie: stolen=1\r\nX-B": {"v"}}
			return res
		}, http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, addr := start(t, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
				return tc.res(req), nil
			}), quietLogger())
			out := exchange(t, addr, "GET /?t=text/plain%0d%0aSet-Cookie:%20stolen=1%0d%0a%0d%0aforged HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
			assert.Equal(t, fmt.Sprintf("HTTP/1.1 %d %s", tc.wantStatus, http.StatusText(tc.wantStatus)), statusLine(out))
			assert.NotContains(t, out, "\nSet-Cookie", "answer: %q", out)
			assert.NotContains(t, out, "\nforged", "answer: %q", out)
		})
	}
}
