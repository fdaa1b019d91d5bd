package cors

import (
	"net/http"
	"strings"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/httpheader"
)

// CORS is an around middleware that implements the CORS protocol (see the
// package doc). Build it with [New]; it is read-only after that and safe for
// concurrent use.
type CORS struct {
	anyOrigin   bool
	origins     map[string]struct{} // lower-case exact origins
	wildcards   []wildcardOrigin
	originFunc  func(req *iron.Request, origin string) bool
	credentials bool

	methods      map[string]struct{}
	allowMethods string
	anyHeader    bool
	headers      map[string]struct{} // lower-case names

	exposeHeaders string
	maxAge        string // "" sends none
}

// New returns a CORS middleware configured by opts (nil options are
// skipped). It panics, with an error naming the option and the value, on a
// setting that cannot work: no allowed origin at all, an entry that is not an
// origin, a method or header name that is not a token, or credentials with
// the origin "*".
func New(opts ...Option) *CORS {
	var cfg Config
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	c, err := compile(cfg)
	if err != nil {
		panic(err)
	}
	return c
}

// Around returns a handler that answers preflights and adds CORS headers to
// next's answers. It works on any handler, a whole chain included.
func (c *CORS) Around(next iron.Handler) iron.Handler {
	return iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		origin := req.HeaderValue("Origin")
		if origin != "" && req.Method() == http.MethodOptions && req.HeaderValue("Access-Control-Request-Method") != "" {
			return c.preflight(req, origin), nil
		}
		res, err := next.Handle(req)
		if err != nil {
			// Decorate the request's own copy of the error's response, which
			// may be shared, and keep the error inside for catchers.
			decorated := iron.Own(req, iron.ErrorResponse(err))
			c.decorate(req, origin, decorated)
			return nil, &iron.Error{Err: err, Response: decorated}
		}
		// Linked to a chain, res is the request's own already; around a
		// whole chain it may be a response the handler shares, and Own
		// copies it (nil: the empty 404 a server would send).
		res = iron.Own(req, res)
		c.decorate(req, origin, res)
		return res, nil
	})
}

// decorate adds the headers of an actual (not preflight) request to res,
// which is the request's own.
func (c *CORS) decorate(req *iron.Request, origin string, res *iron.Response) {
	if res.Header == nil {
		res.Header = make(http.Header, 4)
	}
	httpheader.AddVary(res.Header, "Origin")
	allowed, value := c.allow(req, origin)
	if !allowed {
		return
	}
	res.SetHeader("Access-Control-Allow-Origin", value)
	if c.credentials {
		res.SetHeader("Access-Control-Allow-Credentials", "true")
	}
	if c.exposeHeaders != "" {
		res.SetHeader("Access-Control-Expose-Headers", c.exposeHeaders)
	}
}

// preflight answers a preflight request.
func (c *CORS) preflight(req *iron.Request, origin string) *iron.Response {
	res := &iron.Response{Status: http.StatusNoContent, Header: make(http.Header, 7)}
	httpheader.AddVary(res.Header, "Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers")
	allowed, value := c.allow(req, origin)
	if !allowed || !c.methodAllowed(req.HeaderValue("Access-Control-Request-Method")) {
		return res
	}
	allowHeaders, ok := c.requestedHeaders(req.HeaderValues("Access-Control-Request-Headers"))
	if !ok {
		return res
	}
	res.Header.Set("Access-Control-Allow-Origin", value)
	if c.credentials {
		res.Header.Set("Access-Control-Allow-Credentials", "true")
	}
	res.Header.Set("Access-Control-Allow-Methods", c.allowMethods)
	if allowHeaders != "" {
		// Name what was asked for, all of it allowed: "*" would not do for
		// credentialed requests, nor ever cover Authorization.
		res.Header.Set("Access-Control-Allow-Headers", allowHeaders)
	}
	if c.maxAge != "" {
		res.Header.Set("Access-Control-Max-Age", c.maxAge)
	}
	return res
}

// allow reports whether origin is allowed and, if so, the value of
// Access-Control-Allow-Origin for it.
func (c *CORS) allow(req *iron.Request, origin string) (bool, string) {
	if origin == "" {
		return false, ""
	}
	if c.anyOrigin {
		// Without credentials, "*" lets shared caches keep one answer for
		// every origin; credentials rule "*" out (see compile).
		return true, "*"
	}
	if c.originListed(origin) || (c.originFunc != nil && c.originFunc(req, origin)) {
		return true, origin
	}
	return false, ""
}

func (c *CORS) originListed(origin string) bool {
	lower := strings.ToLower(origin)
	if _, ok := c.origins[lower]; ok {
		return true
	}
	for _, w := range c.wildcards {
		if len(lower) > len(w.prefix)+len(w.suffix) && strings.HasPrefix(lower, w.prefix) && strings.HasSuffix(lower, w.suffix) {
			if hostLabels(lower[len(w.prefix) : len(lower)-len(w.suffix)]) {
				return true
			}
		}
	}
	return false
}

// hostLabels reports whether s is one or more DNS labels separated by dots:
// what a wildcard origin's "*" may stand for. Only letters, digits and '-'
// make a label, so that no origin can end in the suffix while its host is
// another ("https://evil.com?.example.com", "https://evil.com#.example.com").
func hostLabels(s string) bool {
	label := 0
	for i := range len(s) {
		switch c := s[i]; {
		case c == '.':
			if label == 0 {
				return false // an empty label: ".a", "a..b"
			}
			label = 0
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-':
			label++
		default:
			return false
		}
	}
	return label > 0
}

func (c *CORS) methodAllowed(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost:
		return true
	}
	_, ok := c.methods[method]
	return ok
}

// requestedHeaders checks the header names a preflight's
// Access-Control-Request-Headers values ask for, and returns them as the
// Access-Control-Allow-Headers value, and whether every one is allowed.
// Each must be a header name even when any is allowed, so that the answer
// only ever repeats tokens, never whatever else the client sent.
func (c *CORS) requestedHeaders(values []string) (string, bool) {
	var names strings.Builder
	for _, v := range values {
		for rest := v; rest != ""; {
			var name string
			name, rest = httpheader.NextElement(rest)
			if name == "" {
				continue
			}
			if !httpheader.IsToken(name) {
				return "", false
			}
			if !c.anyHeader {
				if _, ok := c.headers[strings.ToLower(name)]; !ok {
					return "", false
				}
			}
			if names.Len() > 0 {
				names.WriteString(", ")
			}
			names.WriteString(name)
		}
	}
	return names.String(), true
}
