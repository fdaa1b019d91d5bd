package metrics

import "net/http"

// Unmatched is the "route" label of requests no route served: 404s, 405s,
// trailing-slash redirects, and anything answered outside ext/router (unless
// a [Route] function names it). Route patterns start with '/', so it never
// collides with one.
const Unmatched = "unmatched"

// OtherMethod is the "method" label of requests whose method is none of
// RFC 9110's and PATCH: a client can send any token as a method, and each
// would otherwise be a series of its own.
const OtherMethod = "OTHER"

// method returns the label of a request method: the method itself when it is
// a standard one (case-sensitive, as methods are), else [OtherMethod]. The
// label is a constant, so it never holds on to a request's string.
func method(m string) string {
	switch m {
	case http.MethodGet:
		return http.MethodGet
	case http.MethodHead:
		return http.MethodHead
	case http.MethodPost:
		return http.MethodPost
	case http.MethodPut:
		return http.MethodPut
	case http.MethodPatch:
		return http.MethodPatch
	case http.MethodDelete:
		return http.MethodDelete
	case http.MethodOptions:
		return http.MethodOptions
	case http.MethodConnect:
		return http.MethodConnect
	case http.MethodTrace:
		return http.MethodTrace
	}
	return OtherMethod
}

var classes = [...]string{"1xx", "2xx", "3xx", "4xx", "5xx"}

// statusClass returns "2xx" for 200 to 299 and so on. A status a server does
// not send as it is (an interim 1xx or one outside 100 to 599) is answered
// 500 by the engine, and counted so.
func statusClass(status int) string {
	if status < 200 || status > 599 {
		return classes[4]
	}
	return classes[status/100-1]
}
