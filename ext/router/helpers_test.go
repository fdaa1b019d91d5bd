package router_test

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/router"
	"github.com/iron-go/iron/irontest"
	"github.com/stretchr/testify/require"
)

// echo answers with the matched route and its parameters, as
// "GET /users/:id id=7", so that a test sees which route ran and with what.
var echo = iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
	rt := router.Matched(req)
	var b strings.Builder
	b.WriteString(rt.String())
	for _, name := range paramNames(rt.Pattern()) {
		b.WriteString(" " + name + "=" + router.Param(req, name))
	}
	return iron.With(http.StatusOK, b.String()), nil
})

// paramNames returns the parameter names of a pattern, in order.
func paramNames(pattern string) []string {
	var names []string
	for seg := range strings.SplitSeq(pattern, "/") {
		if strings.HasPrefix(seg, ":") || strings.HasPrefix(seg, "*") {
			names = append(names, seg[1:])
		}
	}
	return names
}

// result is what a client would see of a response.
type result struct {
	status int
	header http.Header
	body   string
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// serve runs h for req as a server does, errors turned into their responses.
func serve(t *testing.T, h iron.Handler, req *iron.Request) result {
	t.Helper()
	res := irontest.Do(h, req)
	var b strings.Builder
	_, err := res.Body().WriteTo(&b)
	require.NoError(t, err)
	return result{status: res.StatusCode(), header: res.Header, body: b.String()}
}

// do is serve for a new request with method and target.
func do(t *testing.T, h iron.Handler, method, target string) result {
	t.Helper()
	return serve(t, h, iron.NewRequest(method, target, nil))
}

// routes returns a router with a GET route answered by echo for each pattern.
func routes(opts []router.Option, patterns ...string) *router.Router {
	r := router.New(opts...)
	for _, p := range patterns {
		r.Get(p, echo)
	}
	return r
}
