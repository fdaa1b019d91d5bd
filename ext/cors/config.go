package cors

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/iron-go/iron"
)

// Config says which cross-origin requests a [CORS] middleware allows.
type Config struct {
	// AllowedOrigins lists the allowed origins, each "scheme://host" or
	// "scheme://host:port" as browsers send them in the Origin header,
	// compared without regard to case. An entry may hold one "*" standing
	// for one or more subdomain labels ("https://*.example.com" allows
	// "https://a.example.com" and "https://a.b.example.com", not
	// "https://example.com"). The entry "*" alone allows every origin, and
	// "null" the opaque origin of sandboxed pages and files (allow it only
	// knowingly).
	AllowedOrigins []string

	// AllowOrigin, when not nil, is asked about each origin the list does
	// not allow; returning true allows it. It must be safe for concurrent
	// use.
	AllowOrigin func(req *iron.Request, origin string) bool

	// AllowedMethods lists the methods a preflight may ask for. Nil means
	// GET, HEAD, POST, PUT, PATCH and DELETE. GET, HEAD and POST are always
	// allowed, as the Fetch standard says.
	AllowedMethods []string

	// AllowedHeaders lists the request headers a preflight may ask for,
	// compared without regard to case; "*" allows any. Nil means Accept,
	// Accept-Language, Content-Language, Content-Type and X-Requested-With.
	AllowedHeaders []string

	// ExposedHeaders lists the response headers, beyond the CORS-safelisted
	// ones, that pages may read.
	ExposedHeaders []string

	// AllowCredentials lets pages send cookies and HTTP authentication and
	// read the answers. It cannot be combined with the origin "*", which
	// browsers reject for credentialed requests.
	AllowCredentials bool

	// MaxAge is how long browsers may cache a preflight answer, sent in
	// whole seconds, rounded up. Zero sends no Access-Control-Max-Age,
	// leaving browsers their default (5 seconds); a negative value sends 0,
	// asking them not to cache it. Browsers cap it (Chromium at 2 hours).
	MaxAge time.Duration
}

var (
	defaultMethods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}
	defaultHeaders = []string{"Accept", "Accept-Language", "Content-Language", "Content-Type", "X-Requested-With"}
)

// wildcardOrigin is an allowed origin with a "*" in it: a prefix and a
// suffix around one or more labels.
type wildcardOrigin struct{ prefix, suffix string }

// compile validates cfg and turns it into the middleware's read-only form.
func compile(cfg Config) (*CORS, error) {
	c := &CORS{
		origins:     make(map[string]struct{}),
		originFunc:  cfg.AllowOrigin,
		methods:     make(map[string]struct{}),
		headers:     make(map[string]struct{}),
		credentials: cfg.AllowCredentials,
	}
	if len(cfg.AllowedOrigins) == 0 && cfg.AllowOrigin == nil {
		return nil, fmt.Errorf("cors: no origin is allowed: set AllowedOrigins or AllowOrigin")
	}
	for _, o := range cfg.AllowedOrigins {
		if err := c.addOrigin(o); err != nil {
			return nil, err
		}
	}
	if c.anyOrigin && c.credentials {
		return nil, fmt.Errorf(`cors: AllowCredentials with AllowedOrigins "*": browsers reject credentials for any origin; list the origins or use AllowOrigin`)
	}

	methods := cfg.AllowedMethods
	if methods == nil {
		methods = defaultMethods
	}
	for _, m := range methods {
		if !isToken(m) {
			return nil, fmt.Errorf("cors: AllowedMethods: %q is not a method name", m)
		}
		c.methods[m] = struct{}{}
	}
	c.allowMethods = strings.Join(methods, ", ")

	headers := cfg.AllowedHeaders
	if headers == nil {
		headers = defaultHeaders
	}
	for _, h := range headers {
		switch {
		case h == "*":
			c.anyHeader = true
		case isToken(h):
			c.headers[strings.ToLower(h)] = struct{}{}
		default:
			return nil, fmt.Errorf("cors: AllowedHeaders: %q is not a header name", h)
		}
	}

	for _, h := range cfg.ExposedHeaders {
		if !isToken(h) {
			return nil, fmt.Errorf("cors: ExposedHeaders: %q is not a header name", h)
		}
	}
	c.exposeHeaders = strings.Join(cfg.ExposedHeaders, ", ")

	switch {
	case cfg.MaxAge > 0:
		// Round up: truncating 500ms to "0" would forbid the caching asked for.
		c.maxAge = strconv.FormatInt(int64((cfg.MaxAge+time.Second-1)/time.Second), 10)
	case cfg.MaxAge < 0:
		c.maxAge = "0"
	}
	return c, nil
}

func (c *CORS) addOrigin(o string) error {
	if o == "*" {
		c.anyOrigin = true
		return nil
	}
	lower := strings.ToLower(o)
	if lower == "null" {
		c.origins[lower] = struct{}{}
		return nil
	}
	scheme, hostport, ok := strings.Cut(lower, "://")
	if !ok || scheme == "" || hostport == "" || strings.ContainsAny(hostport, "/?#@ ") || !isToken(scheme) {
		return fmt.Errorf(`cors: AllowedOrigins: %q is not an origin such as "https://example.com"`, o)
	}
	switch strings.Count(hostport, "*") {
	case 0:
		c.origins[lower] = struct{}{}
	case 1:
		if !strings.HasPrefix(hostport, "*.") {
			return fmt.Errorf(`cors: AllowedOrigins: %q: a wildcard must be the leftmost label, as in "https://*.example.com"`, o)
		}
		c.wildcards = append(c.wildcards, wildcardOrigin{prefix: scheme + "://", suffix: hostport[1:]})
	default:
		return fmt.Errorf("cors: AllowedOrigins: %q has more than one wildcard", o)
	}
	return nil
}

// isToken reports whether s is an RFC 9110 token, the syntax of method and
// header names.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		}
		if !strings.ContainsRune("!#$%&'*+-.^_`|~", rune(c)) {
			return false
		}
	}
	return true
}
