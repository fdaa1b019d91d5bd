package httpadapter_test

import (
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
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/httpadapter"
)

// seeing is an after middleware that reports, in response headers, the
// status and Content-Type it saw: proof that after middleware see what a
// net/http handler answered.
var seeing = iron.AfterFunc(func(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
	res.SetHeader("X-Seen-Status", strconv.Itoa(res.StatusCode()))
	res.SetHeader("X-Seen-Type", res.Header.Get("Content-Type"))
	return res, nil
})

// underIron links h into a chain, with the seeing after middleware.
func underIron(h http.Handler, opts ...httpadapter.Option) iron.Handler {
	c := chain.New(httpadapter.FromHTTP(h, append([]httpadapter.Option{httpadapter.Logger(quiet)}, opts...)...))
	c.LinkAfter(seeing)
	return c
}

func TestFromHTTPRoundTrip(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/teapot", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-A", "1")
		w.Header().Add("X-A", "2")
		w.WriteHeader(http.StatusTeapot)
		io.WriteString(w, "short and stout")
	})
	mux.HandleFunc("/html", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "<html><body>sniffed</body></html>")
	})
	mux.HandleFunc("/silent", func(http.ResponseWriter, *http.Request) {})
	mux.HandleFunc("/trailers", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Trailer", "X-Announced")
		io.WriteString(w, "body")
		w.Header().Set("X-Announced", "yes")
		w.Header().Set(http.TrailerPrefix+"X-Late", "also")
	})
	mux.HandleFunc("/large", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		for range 10 {
			w.Write([]byte(strings.Repeat("x", 100)))
		}
	})
	mux.HandleFunc("/request", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Fprintf(w, "%s %s %s q=%s in=%s body=%s len=%d remote=%t tls=%t",
			r.Method, r.Proto, r.URL.Path, r.URL.Query().Get("q"), r.Header.Get("X-In"), body,
			r.ContentLength, strings.HasPrefix(r.RemoteAddr, "127.0.0.1:"), r.TLS != nil)
	})
	mux.HandleFunc("/panic", func(http.ResponseWriter, *http.Request) { panic("boom") })

	for _, srv := range servers {
		t.Run(srv.name, func(t *testing.T) {
			base, client := srv.start(t, underIron(mux, httpadapter.BufferBytes(256)))
			for _, tc := range []struct {
				name    string
				method  string
				path    string
				body    io.Reader
				status  int
				want    string
				headers map[string][]string
				check   func(t *testing.T, res *http.Response, body string)
			}{
				{name: "status, headers and body, seen by after middleware", path: "/teapot", status: 418,
					want: "short and stout", headers: map[string][]string{
						"X-A": {"1", "2"}, "X-Seen-Status": {"418"}, "Content-Length": {"15"},
						"Content-Type": {"text/plain; charset=utf-8"}, "X-Seen-Type": {"text/plain; charset=utf-8"}}},
				{name: "content type sniffed as net/http does", path: "/html", status: 200,
					want:    "<html><body>sniffed</body></html>",
					headers: map[string][]string{"Content-Type": {"text/html; charset=utf-8"}}},
				{name: "nothing written is an empty 200", path: "/silent", status: 200,
					headers: map[string][]string{"Content-Length": {"0"}, "X-Seen-Status": {"200"}}},
				{name: "net/http's 404 passes through", path: "/nowhere", status: 404, want: "404 page not found\n",
					headers: map[string][]string{"X-Seen-Status": {"404"}}},
				{name: "announced and late trailers", path: "/trailers", status: 200, want: "body",
					check: func(t *testing.T, res *http.Response, body string) {
						assert.Equal(t, "body", body)
						assert.Equal(t, "yes", res.Trailer.Get("X-Announced"))
						assert.Equal(t, "also", res.Trailer.Get("X-Late"))
						assert.Empty(t, res.Header.Get("X-Announced"))
					}},
				{name: "HEAD keeps the length of the body it drops", method: "HEAD", path: "/teapot", status: 418,
					headers: map[string][]string{"Content-Length": {"15"}}},
				{name: "output past the buffer streams with its length", path: "/large", status: 200,
					want:    strings.Repeat("x", 1000),
					headers: map[string][]string{"Content-Length": {"1000"}, "X-Seen-Status": {"200"}}},
				{name: "the request reaches the handler", method: "POST", path: "/request?q=yes",
					body: strings.NewReader("sent"), status: 200,
					check: func(t *testing.T, res *http.Response, body string) {
						assert.Equal(t, fmt.Sprintf("POST %s /request q=yes in=given body=sent len=4 remote=true tls=%t",
							srv.proto, res.TLS != nil), body)
					}},
				{name: "a panic is a 500", path: "/panic", status: 500, want: "Internal Server Error"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					method := tc.method
					if method == "" {
						method = "GET"
					}
					req := newRequest(t, method, base+tc.path, tc.body)
					req.Header.Set("X-In", "given")
					res, body := do(t, client, req)
					assert.Equal(t, srv.proto, res.Proto)
					assert.Equal(t, tc.status, res.StatusCode)
					for k, v := range tc.headers {
						assert.Equal(t, v, res.Header.Values(k), k)
					}
					if tc.check != nil {
						tc.check(t, res, body)
						return
					}
					assert.Equal(t, tc.want, body)
				})
			}
		})
	}
}

// TestFromHTTPStreams checks that a flushing net/http handler streams: the
// client reads the first event while the handler still waits to write the
// second, and after middleware saw the status and headers.
func TestFromHTTPStreams(t *testing.T) {
	for _, srv := range servers {
		t.Run(srv.name, func(t *testing.T) {
			seen := make(chan struct{})
			events := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/event-stream")
				io.WriteString(w, "data: one\n\n")
				http.NewResponseController(w).Flush()
				select {
				case <-seen:
				case <-r.Context().Done():
					return
				}
				io.WriteString(w, "data: two\n\n")
			})
			base, client := srv.start(t, underIron(events))
			res, err := client.Get(base)
			require.NoError(t, err)
			defer res.Body.Close()
			assert.Equal(t, "200", res.Header.Get("X-Seen-Status"))
			assert.Equal(t, "text/event-stream", res.Header.Get("X-Seen-Type"))
			readFlushed(t, res.Body, "data: one\n", "\ndata: two\n\n", seen)
		})
	}
}

// TestFromHTTPReplacedStream checks that when after middleware replaces a
// streaming response, the handler's writes fail and it returns before the
// request ends.
func TestFromHTTPReplacedStream(t *testing.T) {
	for _, srv := range servers {
		t.Run(srv.name, func(t *testing.T) {
			t.Parallel() // each waits out the grace a dropped stream gets
			writeErr := make(chan error, 1)
			events := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				io.WriteString(w, "data: one\n\n")
				w.(http.Flusher).Flush()
				_, err := io.WriteString(w, "data: two\n\n")
				writeErr <- err
				<-r.Context().Done()
			})
			c := chain.New(httpadapter.FromHTTP(events))
			c.LinkAfter(iron.AfterFunc(func(*iron.Request, *iron.Response) (*iron.Response, error) {
				return iron.With(http.StatusServiceUnavailable, "replaced"), nil
			}))
			base, client := srv.start(t, c)
			res, body := do(t, client, newRequest(t, "GET", base, nil))
			assert.Equal(t, 503, res.StatusCode)
			assert.Equal(t, "replaced", body)
			select {
			case err := <-writeErr:
				assert.Error(t, err)
			case <-time.After(5 * time.Second):
				t.Fatal("the handler's write never failed")
			}
		})
	}
}

func TestFromHTTPPanicWhileStreaming(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "partial")
		w.(http.Flusher).Flush()
		panic("late boom")
	})
	for _, srv := range servers {
		t.Run(srv.name, func(t *testing.T) {
			base, client := srv.start(t, underIron(h))
			res, err := client.Get(base)
			require.NoError(t, err)
			defer res.Body.Close()
			assert.Equal(t, 200, res.StatusCode)
			_, err = io.ReadAll(res.Body)
			assert.Error(t, err, "the client took a body cut short by a panic for a whole one")
		})
	}
}

func TestFromHTTPDirect(t *testing.T) {
	for _, tc := range []struct {
		name   string
		h      http.HandlerFunc
		status int
		body   string
		err    bool
	}{
		{name: "status and body", status: 201, body: "made", h: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(201)
			w.Write([]byte("made"))
		}},
		{name: "a second WriteHeader is ignored", status: 202, h: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(202)
			w.WriteHeader(500)
		}},
		{name: "103 Early Hints is dropped", status: 200, body: "x", h: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Link", "</style.css>; rel=preload")
			w.WriteHeader(http.StatusEarlyHints)
			w.Write([]byte("x"))
		}},
		{name: "204 refuses a body", status: 204, h: func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(204)
			if _, err := w.Write([]byte("x")); !errors.Is(err, http.ErrBodyNotAllowed) {
				panic("a 204 took a body")
			}
		}},
		{name: "hijack without a server that offers it is a 501", status: 501,
			body: httpadapter.ErrHijackUnsupported.Error() + "\n",
			h: func(w http.ResponseWriter, r *http.Request) {
				if _, _, err := http.NewResponseController(w).Hijack(); err != nil {
					http.Error(w, err.Error(), http.StatusInternalServerError)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := httpadapter.FromHTTP(tc.h).Handle(iron.NewRequest("GET", "/", nil))
			require.NoError(t, err)
			assert.Equal(t, tc.status, res.StatusCode())
			b, ok := res.Body().Bytes()
			if !ok {
				s, _ := res.Body().Text()
				b = []byte(s)
			}
			assert.Equal(t, tc.body, string(b))
		})
	}
}
