package cors

import (
	"net/http"
	"strings"

	"github.com/iron-go/iron"
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

// New returns a CORS middleware for cfg, or an error naming the setting that
// is wrong.
func New(cfg Config) (*CORS, error) { return compile(cfg) }

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
	addVary(res.Header, "Origin")
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
	addVary(res.Header, "Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers")
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
			labels := lower[len(w.prefix) : len(lower)-len(w.suffix)]
			if !strings.ContainsAny(labels, "/:@") && !strings.HasPrefix(labels, ".") {
				return true
			}
		}
	}
	return false
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
		for name := range strings.SplitSeq(v, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			if !isToken(name) {
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

// addVary adds the tokens missing from the Vary header, on one line, unless
// it is "*".
func addVary(h http.Header, tokens ...string) {
	existing := h.Values("Vary")
	var missing []string
	for _, t := range tokens {
		if !hasToken(existing, t) {
			missing = append(missing, t)
		}
	}
	if len(missing) > 0 {
		h.Add("Vary", strings.Join(missing, ", "))
	}
}

func hasToken(values []string, token string) bool {
	for _, v := range values {
		for t := range strings.SplitSeq(v, ",") {
			t = strings.TrimSpace(t)
			if t == "*" || strings.EqualFold(t, token) {
				return true
			}
		}
	}
	return false
}
