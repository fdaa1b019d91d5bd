package router

import "github.com/iron-go/iron"

// maxInlineParams is how many parameter values a request carries without
// allocating; a route with more allocates for the rest.
const maxInlineParams = 8

// params is what a lookup leaves in the request: the route that matched and
// its parameter values, still canonical (see canonical). It is kept by value
// under paramsKey, so storing it reuses the extension cell the previous
// request on the same storage left: a lookup allocates nothing.
type params struct {
	route  *Route
	n      int
	values [maxInlineParams]string
	more   []string
}

var paramsKey = iron.NewKey[params]("router.params")

func (p *params) push(v string) {
	if p.n < maxInlineParams {
		p.values[p.n] = v
	} else {
		p.more = append(p.more, v)
	}
	p.n++
}

func (p *params) pop() {
	p.n--
	if p.n >= maxInlineParams {
		p.more = p.more[:p.n-maxInlineParams]
	}
}

func (p *params) value(i int) string {
	if i < maxInlineParams {
		return p.values[i]
	}
	return p.more[i-maxInlineParams]
}

// Param returns the value of the named parameter of the route that matched
// req, percent-decoded: for "/files/:name", "/files/a%2Fb" gives "a/b". It
// returns "" when req was not routed or the route has no such parameter; a
// *catch-all may also match an empty rest. Param allocates only to decode a
// value that was percent-encoded.
//
// A value is what the client wrote, decoded, and nothing more: any byte may
// come encoded, so a value may hold "/" (a :param's "%2F"), NUL ("%00") or
// dot segments. For "/files/*path", "/files/%2e%2e/%2e%2e/etc/passwd" (or
// "/files/../../etc/passwd" sent as it is, which curl --path-as-is does)
// gives "../../etc/passwd", and "/files/..%2F..%2Fetc" gives "../../etc"
// even under [CleanPath]. Never join a value onto a file path: serve files
// with ext/static, whose [os.Root] and checks keep them under their
// directory, or check the value first ([path/filepath.IsLocal]).
// [URLFor] encodes such values so that they come back to the same route
// unchanged.
//
// When routers nest (a router as the handler of another's route), the
// innermost router's route and parameters are the ones the request keeps.
func Param(req *iron.Request, name string) string {
	p, ok := iron.Get(req, paramsKey)
	if !ok {
		return ""
	}
	for i, n := range p.route.params {
		if n == name {
			return decode(p.value(i))
		}
	}
	return ""
}

// Matched returns the route that matched req, or nil when no [Router] routed
// it. Its [Route.Pattern] is the label loggers and metrics want: one per
// route, not one per URL.
func Matched(req *iron.Request) *Route {
	p, _ := iron.Get(req, paramsKey)
	return p.route
}
