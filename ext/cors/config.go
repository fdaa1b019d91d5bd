package cors

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/httpheader"
)

// Config says which cross-origin requests a [CORS] middleware allows: all
// the settings at once, for a program that loads them from a file. Pass it
// with [WithConfig]; the option of the same name as each field sets that
// field alone. The zero Config allows no origin, which [New] refuses.
type Config struct {
	// AllowedOrigins lists the allowed origins, each "scheme://host" or
	// "scheme://host:port" as browsers send them in the Origin header,
	// compared without regard to case. An entry may hold one "*" standing
	// for one or more subdomain labels of letters, digits and hyphens
	// ("https://*.example.com" allows "https://a.example.com" and
	// "https://a.b.example.com", not "https://example.com" nor
	// "https://evil.com?.example.com"). The entry "*" alone allows every origin, and
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

// Option sets the [Config] of a [CORS] in [New], which checks the result:
// a setting that cannot work panics there, with an error that names the
// option and the value.
type Option func(*Config)

// WithConfig replaces every setting with cfg; options after it change it
// further.
func WithConfig(cfg Config) Option { return func(c *Config) { *c = cfg } }

// AllowedOrigins sets [Config.AllowedOrigins], replacing any set before.
func AllowedOrigins(origins ...string) Option {
	return func(c *Config) { c.AllowedOrigins = origins }
}

// AllowOrigin sets [Config.AllowOrigin].
func AllowOrigin(fn func(req *iron.Request, origin string) bool) Option {
	return func(c *Config) { c.AllowOrigin = fn }
}

// AllowedMethods sets [Config.AllowedMethods], replacing any set before.
func AllowedMethods(methods ...string) Option {
	return func(c *Config) { c.AllowedMethods = methods }
}

// AllowedHeaders sets [Config.AllowedHeaders], replacing any set before.
func AllowedHeaders(headers ...string) Option {
	return func(c *Config) { c.AllowedHeaders = headers }
}

// ExposedHeaders sets [Config.ExposedHeaders], replacing any set before.
func ExposedHeaders(headers ...string) Option {
	return func(c *Config) { c.ExposedHeaders = headers }
}

// AllowCredentials sets [Config.AllowCredentials].
func AllowCredentials(on bool) Option { return func(c *Config) { c.AllowCredentials = on } }

// MaxAge sets [Config.MaxAge].
func MaxAge(d time.Duration) Option { return func(c *Config) { c.MaxAge = d } }

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
		return nil, fmt.Errorf("cors: New: no origin is allowed: set AllowedOrigins or AllowOrigin")
	}
	for _, o := range cfg.AllowedOrigins {
		if err := c.addOrigin(o); err != nil {
			return nil, err
		}
	}
	if c.anyOrigin && c.credentials {
		return nil, fmt.Errorf(`cors: AllowCredentials(true) with AllowedOrigins("*"): browsers reject credentials for any origin; list the origins or use AllowOrigin`)
	}

	methods := cfg.AllowedMethods
	if methods == nil {
		methods = defaultMethods
	}
	for _, m := range methods {
		if !httpheader.IsToken(m) {
			return nil, fmt.Errorf("cors: AllowedMethods(%q): not a method name", m)
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
		case httpheader.IsToken(h):
			c.headers[strings.ToLower(h)] = struct{}{}
		default:
			return nil, fmt.Errorf("cors: AllowedHeaders(%q): not a header name", h)
		}
	}

	for _, h := range cfg.ExposedHeaders {
		if !httpheader.IsToken(h) {
			return nil, fmt.Errorf("cors: ExposedHeaders(%q): not a header name", h)
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
	if !ok || scheme == "" || hostport == "" || strings.ContainsAny(hostport, "/?#@ ") || !httpheader.IsToken(scheme) {
		return fmt.Errorf(`cors: AllowedOrigins(%q): not an origin such as "https://example.com"`, o)
	}
	switch strings.Count(hostport, "*") {
	case 0:
		c.origins[lower] = struct{}{}
	case 1:
		if !strings.HasPrefix(hostport, "*.") {
			return fmt.Errorf(`cors: AllowedOrigins(%q): a wildcard must be the leftmost label, as in "https://*.example.com"`, o)
		}
		c.wildcards = append(c.wildcards, wildcardOrigin{prefix: scheme + "://", suffix: hostport[1:]})
	default:
		return fmt.Errorf("cors: AllowedOrigins(%q): more than one wildcard", o)
	}
	return nil
}
