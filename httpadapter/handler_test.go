package httpadapter_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/httpadapter"
)

// routes dispatches on the exact path, enough for these tests.
type routes map[string]iron.HandlerFunc

func (m routes) Handle(req *iron.Request) (*iron.Response, error) {
	if h, ok := m[req.Path()]; ok {
		return h(req)
	}
	return nil, nil
}

// features is one Iron handler per feature that Handler must carry.
func features(t *testing.T) routes {
	dir := t.TempDir()
	file := filepath.Join(dir, "notes.txt")
	require.NoError(t, os.WriteFile(file, bytes.Repeat([]byte("file "), 2000), 0o600))
	return routes{
		"/bytes": func(*iron.Request) (*iron.Response, error) {
			return iron.With(http.StatusCreated, []byte("made")), nil
		},
		"/string": func(*iron.Request) (*iron.Response, error) {
			return iron.With(http.StatusOK, iron.JSON, `{"ok":true}`), nil
		},
		"/nothing": func(*iron.Request) (*iron.Response, error) {
			return &iron.Response{Status: http.StatusAccepted}, nil
		},
		"/headers": func(*iron.Request) (*iron.Response, error) {
			res := iron.With(http.StatusOK, "h")
			res.AddHeader("X-Multi", "one")
			res.AddHeader("X-Multi", "two")
			res.Header["x-lower-case"] = []string{"kept"}
			return res, nil
		},
		"/reader": func(*iron.Request) (*iron.Response, error) {
			return iron.With(http.StatusOK, io.MultiReader(strings.NewReader("read "), strings.NewReader("on"))), nil
		},
		"/sized": func(*iron.Request) (*iron.Response, error) {
			return iron.With(http.StatusOK, strings.NewReader("twelve bytes")), nil
		},
		"/file": func(*iron.Request) (*iron.Response, error) {
			f, err := os.Open(file)
			if err != nil {
				return nil, err
			}
			return iron.With(http.StatusOK, f), nil
		},
		"/trailer": func(*iron.Request) (*iron.Response, error) {
			res := iron.With(http.StatusOK, io.MultiReader(strings.NewReader("body")))
			res.Trailer = http.Header{"X-Checksum": {"abc"}}
			return res, nil
		},
		"/late-trailer": func(*iron.Request) (*iron.Response, error) {
			res := &iron.Response{Status: http.StatusOK}
			res.Set(func(w io.Writer) error {
				_, err := io.WriteString(w, "streamed")
				res.Trailer = http.Header{"X-Count": {"8"}}
				return err
			})
			return res, nil
		},
		"/interim": func(*iron.Request) (*iron.Response, error) {
			return &iron.Response{Status: http.StatusEarlyHints}, nil
		},
		"/bad-request": func(*iron.Request) (*iron.Response, error) {
			return nil, iron.NewError(errors.New("no name"), http.StatusBadRequest, "name is missing")
		},
		"/failure": func(*iron.Request) (*iron.Response, error) {
			return nil, errors.New("database password is hunter2")
		},
		"/panic": func(*iron.Request) (*iron.Response, error) {
			panic("boom")
		},
		"/echo": func(req *iron.Request) (*iron.Response, error) {
			b, err := io.ReadAll(req.Body())
			if err != nil {
				return nil, err
			}
			return iron.With(http.StatusOK, fmt.Sprintf("%d %s", req.ContentLength(), b)), nil
		},
		"/request": func(req *iron.Request) (*iron.Response, error) {
			ip := "not TCP"
			if a, ok := req.RemoteAddr().(*net.TCPAddr); ok {
				ip = a.IP.String()
			}
			_, fromServer := req.Context().Value(http.ServerContextKey).(*http.Server)
			return iron.With(http.StatusOK, fmt.Sprintf("%s %s %s %s %s q=%s in=%s ip=%s local=%t tls=%t ctx=%t",
				req.Method(), req.Proto(), req.Scheme(), req.URL().Scheme, req.Path(),
				req.Query().Get("q"), req.HeaderValue("x-in"), ip,
				req.LocalAddr() != nil, req.TLS() != nil, fromServer)), nil
		},
	}
}

func TestHandlerRoundTrip(t *testing.T) {
	h := httpadapter.Handler(features(t), httpadapter.MaxBodyBytes(64), httpadapter.Logger(quiet))
	for _, proto := range []struct {
		name  string
		serve func(*testing.T, http.Handler) (string, *http.Client)
		want  string
	}{
		{"HTTP/1.1", serve, "HTTP/1.1"},
		{"HTTP/2 over TLS", serveTLS, "HTTP/2.0"},
	} {
		t.Run(proto.name, func(t *testing.T) {
			base, client := proto.serve(t, h)
			for _, tc := range []struct {
				name    string
				method  string
				path    string
				body    io.Reader
				header  http.Header
				status  int
				want    string
				headers map[string][]string // expected response headers
				check   func(t *testing.T, res *http.Response, body string)
			}{
				{name: "bytes body and status", path: "/bytes", status: 201, want: "made",
					headers: map[string][]string{"Content-Length": {"4"}, "Content-Type": {iron.DefaultContentType}}},
				{name: "string body with its content type", path: "/string", status: 200, want: `{"ok":true}`,
					headers: map[string][]string{"Content-Type": {"application/json"}, "Content-Length": {"11"}}},
				{name: "no body is Content-Length 0 and no type", path: "/nothing", status: 202,
					check: func(t *testing.T, res *http.Response, body string) {
						assert.Equal(t, int64(0), res.ContentLength)
						assert.Empty(t, res.Header.Get("Content-Type"))
					}},
				{name: "no response is an empty 404", path: "/missing", status: 404,
					check: func(t *testing.T, res *http.Response, body string) { assert.Equal(t, int64(0), res.ContentLength) }},
				{name: "multi-valued and non-canonical headers", path: "/headers", status: 200, want: "h",
					headers: map[string][]string{"X-Multi": {"one", "two"}, "X-Lower-Case": {"kept"}}},
				{name: "reader of unknown length", path: "/reader", status: 200, want: "read on"},
				{name: "reader of known length", path: "/sized", status: 200, want: "twelve bytes",
					headers: map[string][]string{"Content-Length": {"12"}}},
				{name: "file with its length and type", path: "/file", status: 200, want: strings.Repeat("file ", 2000),
					headers: map[string][]string{"Content-Length": {"10000"}, "Content-Type": {"text/plain; charset=utf-8"}}},
				{name: "announced trailer", path: "/trailer", status: 200, want: "body",
					check: func(t *testing.T, res *http.Response, body string) {
						assert.Equal(t, "abc", res.Trailer.Get("X-Checksum"))
					}},
				{name: "trailer set while streaming", path: "/late-trailer", status: 200, want: "streamed",
					check: func(t *testing.T, res *http.Response, body string) { assert.Equal(t, "8", res.Trailer.Get("X-Count")) }},
				{name: "HEAD has the length but no body", method: "HEAD", path: "/sized", status: 200,
					headers: map[string][]string{"Content-Length": {"12"}}},
				{name: "an interim status is a handler bug: 500, as on the engine", path: "/interim", status: 500,
					want: "Internal Server Error"},
				{name: "iron.Error chooses the response", path: "/bad-request", status: 400, want: "name is missing"},
				{name: "bare error is a 500 that leaks nothing", path: "/failure", status: 500, want: "Internal Server Error"},
				{name: "panic is a 500", path: "/panic", status: 500, want: "Internal Server Error"},
				{name: "request body of known length", method: "POST", path: "/echo", body: strings.NewReader("payload"),
					status: 200, want: "7 payload"},
				{name: "request body of unknown length", method: "POST", path: "/echo",
					body: io.MultiReader(strings.NewReader("chunked")), status: 200, want: "-1 chunked"},
				{name: "declared body over the limit is refused", method: "POST", path: "/echo",
					body: strings.NewReader(strings.Repeat("x", 100)), status: 413},
				{name: "streamed body over the limit is refused", method: "POST", path: "/echo",
					body: io.MultiReader(strings.NewReader(strings.Repeat("x", 100))), status: 413},
				{name: "request line, headers, addresses, TLS and context", path: "/request?q=a%20b",
					header: http.Header{"X-In": {"given"}}, status: 200,
					check: func(t *testing.T, res *http.Response, body string) {
						scheme := "http"
						if res.TLS != nil {
							scheme = "https"
						}
						assert.Equal(t, fmt.Sprintf("GET %s %s %s /request q=a b in=given ip=127.0.0.1 local=true tls=%t ctx=true",
							proto.want, scheme, scheme, res.TLS != nil), body)
					}},
			} {
				t.Run(tc.name, func(t *testing.T) {
					method := tc.method
					if method == "" {
						method = "GET"
					}
					req := newRequest(t, method, base+tc.path, tc.body)
					for k, v := range tc.header {
						req.Header[k] = v
					}
					res, err := client.Do(req)
					require.NoError(t, err)
					defer res.Body.Close()
					assert.Equal(t, proto.want, res.Proto)
					assert.Equal(t, tc.status, res.StatusCode)
					for k, v := range tc.headers {
						assert.Equal(t, v, res.Header.Values(k), k)
					}
					body, err := io.ReadAll(res.Body)
					require.NoError(t, err)
					if tc.check != nil {
						tc.check(t, res, string(body))
						return
					}
					if tc.status != 413 {
						assert.Equal(t, tc.want, string(body))
					}
				})
			}
		})
	}
}
