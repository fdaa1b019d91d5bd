package httpadapter_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/textproto"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/httpadapter"
)

const (
	link       = "</app.css>; rel=preload; as=style"
	earlyHints = "HTTP/1.1 103 Early Hints\r\nLink: " + link + "\r\n\r\n"
)

// rawExchange sends a request on a new connection to the server at base
// and returns the bytes of the answers up to the end of the final one's
// head, and the final answer.
func rawExchange(t *testing.T, base, request string) (string, *http.Response) {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.SetDeadline(time.Now().Add(5*time.Second)))
	_, err = io.WriteString(c, request)
	require.NoError(t, err)
	br := bufio.NewReader(c)
	var before strings.Builder
	for {
		// Interim answers, read line by line until a final status line.
		line, err := br.ReadString('\n')
		require.NoError(t, err)
		if strings.HasPrefix(line, "HTTP/1.1 1") {
			before.WriteString(line)
			for line != "\r\n" {
				line, err = br.ReadString('\n')
				require.NoError(t, err)
				before.WriteString(line)
			}
			continue
		}
		method, _, _ := strings.Cut(request, " ")
		res, err := http.ReadResponse(bufio.NewReader(io.MultiReader(strings.NewReader(line), br)), &http.Request{Method: method})
		require.NoError(t, err)
		_, err = io.ReadAll(res.Body)
		require.NoError(t, err)
		return before.String(), res
	}
}

// Interim answers reach the client as the same bytes from both servers:
// iron.Interim, and a net/http handler's WriteHeader(103) under FromHTTP.
// 100 Continue stays the server's own.
func TestInterimAnswers(t *testing.T) {
	native := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if err := iron.Interim(req, http.StatusEarlyHints, http.Header{"Link": {link}}); err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, "page"), nil
	})
	fromHTTP := httpadapter.FromHTTP(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", link)
		w.WriteHeader(http.StatusContinue) // the server's own: dropped
		w.WriteHeader(http.StatusEarlyHints)
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, "page")
	}))
	for _, srv := range servers {
		if srv.proto != "HTTP/1.1" {
			continue
		}
		for _, tc := range []struct {
			name      string
			h         iron.Handler
			finalLink string // net/http keeps the header of a 1xx for the final answer
		}{
			{"iron.Interim", native, ""},
			{"FromHTTP", fromHTTP, link},
		} {
			t.Run(srv.name+"/"+tc.name, func(t *testing.T) {
				base, _ := srv.start(t, tc.h)
				before, res := rawExchange(t, base, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
				assert.Equal(t, earlyHints, before)
				assert.Equal(t, http.StatusOK, res.StatusCode)
				assert.Equal(t, tc.finalLink, res.Header.Get("Link"))
			})
		}
	}
}

// Under HTTP/2, iron.Interim goes through net/http's 1xx support.
func TestInterimOverHTTP2(t *testing.T) {
	base, client := serveTLS(t, httpadapter.Handler(iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if err := iron.Interim(req, http.StatusEarlyHints, http.Header{"Link": {link}}); err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, "page"), nil
	})))
	var got []string
	trace := &httptrace.ClientTrace{Got1xxResponse: func(code int, h textproto.MIMEHeader) error {
		got = append(got, http.StatusText(code)+": "+h.Get("Link"))
		return nil
	}}
	req := newRequest(t, "GET", base+"/", nil).WithContext(httptrace.WithClientTrace(context.Background(), trace))
	res, body := do(t, client, req)
	assert.Equal(t, "HTTP/2.0", res.Proto)
	assert.Equal(t, "page", body)
	assert.Equal(t, []string{"Early Hints: " + link}, got)
	assert.Empty(t, res.Header.Get("Link"))
}

// A flushed answer to HEAD keeps the Content-Length the handler set, as
// net/http sends it; and a chunked request body shows as chunked.
func TestFromHTTPHeadAndChunked(t *testing.T) {
	h := httpadapter.FromHTTP(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			w.Header().Set("Content-Length", "42")
			w.Header().Set("Content-Type", "text/plain")
			http.NewResponseController(w).Flush()
			return
		}
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("X-Transfer-Encoding", strings.Join(r.TransferEncoding, ","))
		w.Header().Set("X-Content-Length", strconv.FormatInt(r.ContentLength, 10))
		w.Write(body)
	}))
	for _, srv := range servers {
		if srv.proto != "HTTP/1.1" {
			continue
		}
		t.Run(srv.name, func(t *testing.T) {
			base, _ := srv.start(t, h)
			_, res := rawExchange(t, base, "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n")
			assert.Equal(t, http.StatusOK, res.StatusCode)
			assert.Equal(t, int64(42), res.ContentLength, "HEAD keeps the length the handler stated")

			_, res = rawExchange(t, base, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"+
				"5\r\nhello\r\n0\r\n\r\n")
			assert.Equal(t, "chunked", res.Header.Get("X-Transfer-Encoding"))
			assert.Equal(t, "-1", res.Header.Get("X-Content-Length"))

			_, res = rawExchange(t, base, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
			assert.Equal(t, "", res.Header.Get("X-Transfer-Encoding"))
			assert.Equal(t, "5", res.Header.Get("X-Content-Length"))
		})
	}
}
