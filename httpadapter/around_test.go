package httpadapter_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/httpadapter"
)

type ctxKey struct{}

// statusRecorder is the usual net/http way for middleware to learn the status.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// tagging is net/http middleware of the common kinds at once: it changes the
// request (context value, header, path), adds a response header, and reports
// the status it saw through a trailer-like header set by a second layer.
func tagging(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Tagged", "yes")
		r.Header.Set("X-From-Middleware", "hello")
		rec := &statusRecorder{ResponseWriter: w, status: 200}
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), ctxKey{}, "value")))
		seen <- rec.status
	})
}

var seen = make(chan int, 10)

func TestAround(t *testing.T) {
	inner := routes{
		"/hello": func(req *iron.Request) (*iron.Response, error) {
			v, _ := req.Context().Value(ctxKey{}).(string)
			return iron.With(http.StatusOK, "ctx="+v+" header="+req.HeaderValue("X-From-Middleware")), nil
		},
		"/stripped": func(req *iron.Request) (*iron.Response, error) {
			return iron.With(http.StatusOK, "path="+req.Path()), nil
		},
		"/fails": func(*iron.Request) (*iron.Response, error) {
			return nil, iron.NewError(errors.New("no"), http.StatusForbidden, "forbidden")
		},
		"/stream": func(*iron.Request) (*iron.Response, error) {
			return iron.With(http.StatusOK, func(w io.Writer) error {
				io.WriteString(w, "one ")
				iron.Flush(w)
				_, err := io.WriteString(w, "two")
				return err
			}), nil
		},
	}
	caught := make(chan error, 10)
	c := chain.New(inner)
	c.LinkAround(httpadapter.Around(tagging))
	c.LinkAround(httpadapter.Around(func(next http.Handler) http.Handler {
		return http.StripPrefix("/api", next)
	}))
	c.LinkAfter(catcher{caught})
	c.LinkAfter(iron.AfterFunc(func(req *iron.Request, res *iron.Response) (*iron.Response, error) {
		// What the middleware changed was for the handler it wraps only.
		res.SetHeader("X-Outer", fmt.Sprintf("%s %v", req.EscapedPath(), req.Context().Err()))
		return res, nil
	}))

	for _, srv := range servers {
		t.Run(srv.name, func(t *testing.T) {
			base, client := srv.start(t, c)
			for _, tc := range []struct {
				name   string
				path   string
				status int
				want   string
				err    bool
			}{
				{name: "context and header changes reach the chain", path: "/api/hello", status: 200,
					want: "ctx=value header=hello"},
				{name: "a rewritten path is the request's path", path: "/api/stripped", status: 200,
					want: "path=/stripped"},
				{name: "the middleware's own answer", path: "/elsewhere", status: 404, want: "404 page not found\n"},
				{name: "an error goes on up the chain", path: "/api/fails", status: 403, want: "caught: forbidden",
					err: true},
				{name: "a streaming body passes through", path: "/api/stream", status: 200, want: "one two"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					res, body := do(t, client, newRequest(t, "GET", base+tc.path, nil))
					assert.Equal(t, tc.status, res.StatusCode)
					assert.Equal(t, tc.want, body)
					assert.Equal(t, "yes", res.Header.Get("X-Tagged"))
					assert.Equal(t, tc.path+" <nil>", res.Header.Get("X-Outer"))
					select {
					case status := <-seen:
						assert.Equal(t, tc.status, status, "status seen by the middleware")
					default:
						t.Error("the middleware did not see the status")
					}
					if tc.err {
						require.Len(t, caught, 1)
						err := <-caught
						assert.ErrorContains(t, err, "no")
						inner, ok := errors.AsType[*iron.Error](errors.Unwrap(err))
						require.True(t, ok, "the inner iron.Error is wrapped")
						assert.Equal(t, http.StatusForbidden, inner.Response.StatusCode())
					}
					assert.Empty(t, caught)
				})
			}
		})
	}
}

// catcher is an after middleware whose error path records the error and
// answers with a page of its own.
type catcher struct{ caught chan<- error }

func (catcher) After(_ *iron.Request, res *iron.Response) (*iron.Response, error) { return res, nil }

func (c catcher) CatchAfter(_ *iron.Request, err error) (*iron.Response, error) {
	c.caught <- err
	e, _ := errors.AsType[*iron.Error](err)
	msg, _ := e.Response.Body().Bytes()
	res := iron.With(e.Response.StatusCode(), "caught: "+strings.ToLower(string(msg)))
	res.Header = e.Response.Header
	return res, nil
}
