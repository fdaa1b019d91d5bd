package httpadapter_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/httpadapter"
)

func TestMisuse(t *testing.T) {
	ok := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return nil, nil })
	for _, tc := range []struct {
		name string
		call func()
		msg  string
	}{
		{"Handler(nil)", func() { httpadapter.Handler(nil) }, "httpadapter: Handler(nil)"},
		{"FromHTTP(nil)", func() { httpadapter.FromHTTP(nil) }, "httpadapter: FromHTTP(nil)"},
		{"Around(nil)", func() { httpadapter.Around(nil) }, "httpadapter: Around(nil)"},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.PanicsWithValue(t, tc.msg, tc.call) })
	}
	t.Run("Around returning nil", func(t *testing.T) {
		// Found when the chain builds its arounds: every request fails with
		// the chain's build error, which says why.
		c := chain.New(ok).LinkAround(httpadapter.Around(func(http.Handler) http.Handler { return nil }))
		for range 2 {
			func() {
				defer func() {
					err, _ := recover().(error)
					require.ErrorIs(t, err, chain.ErrBuild)
					assert.Contains(t, err.Error(), "httpadapter: Around: the middleware returned a nil http.Handler")
				}()
				_, _ = c.Handle(iron.NewRequest("GET", "/", nil))
			}()
		}
	})
}

// A bad option value panics where the option is used, with an error naming
// the option and the value; a nil option is skipped.
func TestBadOptionsPanic(t *testing.T) {
	ok := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return nil, nil })
	for _, tc := range []struct {
		opt  httpadapter.Option
		want string
	}{
		{httpadapter.MaxBodyBytes(-2), "httpadapter: MaxBodyBytes(-2): the limit must be positive, or -1 for none"},
		{httpadapter.MaxBodyBytes(0), "httpadapter: MaxBodyBytes(0): the limit must be positive, or -1 for none"},
		{httpadapter.BufferBytes(0), "httpadapter: BufferBytes(0): the size must be at least 1"},
		{httpadapter.Logger(nil), "httpadapter: Logger(nil): a logger is required"},
	} {
		assert.PanicsWithError(t, tc.want, func() { httpadapter.Handler(ok, tc.opt) })
		assert.PanicsWithError(t, tc.want, func() { httpadapter.FromHTTP(http.NotFoundHandler(), tc.opt) })
		assert.PanicsWithError(t, tc.want, func() {
			httpadapter.Around(func(h http.Handler) http.Handler { return h }, tc.opt)
		})
	}
	assert.NotPanics(t, func() { httpadapter.Handler(ok, nil, httpadapter.MaxBodyBytes(-1)) })
}

// TestHandlerRequestByHand serves a request that no server parsed: no
// RequestURI, and a RemoteAddr that is not ip:port.
func TestHandlerRequestByHand(t *testing.T) {
	h := httpadapter.Handler(iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		a := req.RemoteAddr()
		return iron.With(http.StatusOK, fmt.Sprintf("%s %s %s %v", req.RequestURI(), a.Network(), a, req.LocalAddr())), nil
	}))
	r := &http.Request{Method: "GET", URL: &url.URL{Path: "/a b", RawQuery: "q=1"}, Header: http.Header{},
		RemoteAddr: "@listener", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Body: http.NoBody}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	assert.Equal(t, "/a%20b?q=1 unknown @listener <nil>", rec.Body.String())
}

// TestHandlerUnderWrappingMiddleware serves Iron behind net/http middleware
// whose ResponseWriter hides Flush and ReadFrom but unwraps: streaming still
// flushes, and a file still arrives whole.
func TestHandlerUnderWrappingMiddleware(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "big.txt")
	require.NoError(t, os.WriteFile(file, []byte(strings.Repeat("0123456789", 1000)), 0o600))
	seen := make(chan struct{})
	app := routes{
		"/stream": func(*iron.Request) (*iron.Response, error) {
			return iron.With(http.StatusOK, flushedStream("first\n", "second\n", seen)), nil
		},
		"/file": func(*iron.Request) (*iron.Response, error) {
			f, err := os.Open(file)
			if err != nil {
				return nil, err
			}
			return iron.With(http.StatusOK, f), nil
		},
	}
	h := httpadapter.Handler(app)
	wrapped := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(&plainWriter{w}, r)
	})
	base, client := serve(t, wrapped)

	res, err := client.Get(base + "/stream")
	require.NoError(t, err)
	defer res.Body.Close()
	readFlushed(t, res.Body, "first\n", "second\n", seen)

	res, body := do(t, client, newRequest(t, "GET", base+"/file", nil))
	assert.Equal(t, int64(10000), res.ContentLength)
	assert.Equal(t, strings.Repeat("0123456789", 1000), body)
}

// plainWriter offers nothing but the three methods of http.ResponseWriter,
// and Unwrap.
type plainWriter struct{ w http.ResponseWriter }

func (p *plainWriter) Header() http.Header         { return p.w.Header() }
func (p *plainWriter) Write(b []byte) (int, error) { return p.w.Write(b) }
func (p *plainWriter) WriteHeader(code int)        { p.w.WriteHeader(code) }
func (p *plainWriter) Unwrap() http.ResponseWriter { return p.w }

func TestAroundLostContext(t *testing.T) {
	c := chain.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "unreachable"), nil
	}))
	c.LinkAround(httpadapter.Around(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			next.ServeHTTP(w, r.WithContext(context.Background()))
		})
	}))
	res, err := c.Handle(iron.NewRequest("GET", "/", nil))
	require.NoError(t, err)
	assert.Equal(t, http.StatusInternalServerError, res.StatusCode())
}
