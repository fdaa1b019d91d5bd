// Package telemetry holds what the observability extensions (ext/metrics,
// ext/otel) read alike from a request they watched: the status a server
// sends for what the handler returned, and the route that served it, so
// that a metric and a span of one request never disagree.
package telemetry

import (
	"errors"
	"net/http"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/router"
)

// Status returns the status a server sends for what a handler returned, as
// the servers decide it: the response of an [*iron.Error], 500 for any
// other error, 404 for no response at all (and for a zero Status). It
// allocates nothing.
func Status(res *iron.Response, err error) int {
	if err != nil {
		if e, ok := errors.AsType[*iron.Error](err); ok && e.Response != nil {
			return e.Response.StatusCode()
		}
		return http.StatusInternalServerError
	}
	if res == nil {
		return http.StatusNotFound
	}
	return res.StatusCode()
}

// Route returns the pattern of the ext/router route that served req, or ""
// when none did: the default route name of metrics and spans, one of a
// bounded set, never the request's path.
func Route(req *iron.Request) string {
	if rt := router.Matched(req); rt != nil {
		return rt.Pattern()
	}
	return ""
}
