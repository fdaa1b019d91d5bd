package csrf

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/httpheader"
)

// Defaults of the options.
const (
	// FieldName is the form field that carries the token: the hidden input
	// [Field] writes.
	FieldName = "csrf_token"
	// DefaultHeader is the request header that carries the token for
	// scripts.
	DefaultHeader = "X-CSRF-Token"
	// DefaultMaxBodyBytes bounds the urlencoded form body read for the
	// token: 1 MiB.
	DefaultMaxBodyBytes int64 = 1 << 20
)

// config is what options set, for either middleware.
type config struct {
	skip      func(*iron.Request) bool
	respond   func(*iron.Request, error) *iron.Response
	header    string
	maxBody   int64
	trusted   map[string]bool
	tokenOnly []string // token options given, named for the panic
	crossOnly []string // cross-origin options given
}

// Option configures the middleware of [New] or [NewCrossOrigin], which
// check it: a bad value panics there, with an error naming the option and
// the value, and so does an option that applies to the other one only.
type Option func(*config)

// Skip leaves the requests for which skip returns true alone, for either
// middleware (an API under a prefix, a webhook that authenticates itself).
// The constructor panics on nil.
func Skip(skip func(req *iron.Request) bool) Option {
	return func(c *config) {
		if skip == nil {
			panic(errors.New("csrf: Skip(nil)"))
		}
		c.skip = skip
	}
}

// Responder sets the answer to a refused request, for either middleware,
// instead of a plain-text 403 that says why: respond gets the error (which
// wraps [ErrTokenMissing], [ErrTokenInvalid] or [ErrCrossOrigin]); a zero
// Status in its response becomes 403, and a nil response means the default
// one. The same function may serve as the Responder of the other packages
// that have one (auth, ratelimit, recovery, timeout). The constructor
// panics on nil.
func Responder(respond func(req *iron.Request, err error) *iron.Response) Option {
	return func(c *config) {
		if respond == nil {
			panic(errors.New("csrf: Responder(nil)"))
		}
		c.respond = respond
	}
}

// Header sets the request header [New]'s middleware reads the token from,
// [DefaultHeader] unless set. The constructor panics on a name that is not
// a header name.
func Header(name string) Option {
	return func(c *config) {
		if !httpheader.IsToken(name) {
			panic(fmt.Errorf("csrf: Header(%q): not a header name", name))
		}
		c.header = http.CanonicalHeaderKey(name)
		c.tokenOnly = append(c.tokenOnly, "Header")
	}
}

// MaxBodyBytes bounds how much of a form body [New]'s middleware reads to
// find the token, [DefaultMaxBodyBytes] unless set: an urlencoded body
// larger than that is refused with 413; a multipart one is read up to
// that, and past it the token counts as missing. The constructor panics
// unless n is positive.
func MaxBodyBytes(n int64) Option {
	return func(c *config) {
		if n < 1 {
			panic(fmt.Errorf("csrf: MaxBodyBytes(%d): must be positive", n))
		}
		c.maxBody = n
		c.tokenOnly = append(c.tokenOnly, "MaxBodyBytes")
	}
}

// TrustedOrigins lists origins whose requests [NewCrossOrigin]'s middleware
// allows although they come from another site. Each is
// "scheme://host[:port]" as browsers send it in the Origin header, http or
// https, with nothing after the host; they are compared without regard to
// case. NewCrossOrigin panics on anything else.
func TrustedOrigins(origins ...string) Option {
	return func(c *config) {
		if c.trusted == nil {
			c.trusted = make(map[string]bool)
		}
		for _, o := range origins {
			u, err := url.Parse(o)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
				u.Path != "" || u.RawQuery != "" || u.Fragment != "" || u.Opaque != "" || strings.HasSuffix(o, "?") || strings.HasSuffix(o, "#") {
				panic(fmt.Errorf("csrf: TrustedOrigins(%q): an origin is scheme://host[:port], http or https, nothing more", o))
			}
			c.trusted[strings.ToLower(o)] = true
		}
		c.crossOnly = append(c.crossOnly, "TrustedOrigins")
	}
}

func newConfig(opts []Option) *config {
	c := &config{header: DefaultHeader, maxBody: DefaultMaxBodyBytes}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	return c
}
