package secure

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/realip"
	"github.com/iron-go/iron/internal/httpheader"
)

// Default header values.
const (
	DefaultContentSecurityPolicy   = "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'; img-src 'self' data:"
	DefaultFrameOptions            = "DENY"
	DefaultReferrerPolicy          = "strict-origin-when-cross-origin"
	DefaultCrossOriginOpenerPolicy = "same-origin"
	DefaultStrictTransportSecurity = "max-age=63072000; includeSubDomains"
)

// NoncePlaceholder is replaced by the request's [Nonce] in a
// Content-Security-Policy.
const NoncePlaceholder = "{nonce}"

// Secure is an after middleware that adds security headers (see the package
// doc). Build it with [New]; it is read-only once built and safe for
// concurrent use.
type Secure struct {
	fixed []field  // sent on every answer
	hsts  string   // "": none
	csp   []string // the policy split at each NoncePlaceholder; nil: none
	skip  func(*iron.Request) bool
}

// field is a header, by its canonical name, and its value.
type field struct {
	name, value string
}

type config struct {
	csp, frame, referrer, coop, hsts string
	skip                             func(*iron.Request) bool
}

// Option configures a [Secure]; see [New].
type Option func(*config) error

// ContentSecurityPolicy sets the Content-Security-Policy value, instead of
// [DefaultContentSecurityPolicy]; "" sends none. [NoncePlaceholder] in it
// becomes the request's nonce.
func ContentSecurityPolicy(policy string) Option {
	return func(c *config) error {
		if !httpheader.ValidFieldValue(policy) {
			return fmt.Errorf("secure: ContentSecurityPolicy(%q): not a valid header value", policy)
		}
		c.csp = policy
		return nil
	}
}

// FrameOptions sets X-Frame-Options: "DENY" (the default), "SAMEORIGIN", or
// "" for none.
func FrameOptions(v string) Option {
	return func(c *config) error {
		switch u := strings.ToUpper(v); u {
		case "DENY", "SAMEORIGIN", "":
			c.frame = u
			return nil
		}
		return fmt.Errorf("secure: FrameOptions(%q): must be DENY, SAMEORIGIN or empty (ALLOW-FROM is ignored by browsers: use CSP frame-ancestors)", v)
	}
}

var referrerPolicies = []string{
	"no-referrer", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin",
	"same-origin", "strict-origin", "strict-origin-when-cross-origin", "unsafe-url",
}

// ReferrerPolicy sets Referrer-Policy, instead of
// [DefaultReferrerPolicy]: one of the policies of the W3C Referrer Policy
// specification, a comma-separated list of them (browsers use the last
// they know), or "" for none.
func ReferrerPolicy(v string) Option {
	return func(c *config) error {
		if v != "" {
			for p := range strings.SplitSeq(v, ",") {
				p = strings.TrimSpace(p)
				found := false
				for _, known := range referrerPolicies {
					found = found || p == known
				}
				if !found {
					return fmt.Errorf("secure: ReferrerPolicy(%q): unknown policy %q", v, p)
				}
			}
		}
		c.referrer = v
		return nil
	}
}

// CrossOriginOpenerPolicy sets Cross-Origin-Opener-Policy, instead of
// "same-origin": "same-origin-allow-popups", "noopener-allow-popups",
// "unsafe-none", or "" for none.
func CrossOriginOpenerPolicy(v string) Option {
	return func(c *config) error {
		switch v {
		case "same-origin", "same-origin-allow-popups", "noopener-allow-popups", "unsafe-none", "":
			c.coop = v
			return nil
		}
		return fmt.Errorf("secure: CrossOriginOpenerPolicy(%q): unknown policy", v)
	}
}

// StrictTransportSecurity sets the Strict-Transport-Security value sent
// over HTTPS, instead of [DefaultStrictTransportSecurity]; "" sends none.
// It must have a max-age directive ("max-age=0" tells browsers to forget
// the site's HSTS).
func StrictTransportSecurity(v string) Option {
	return func(c *config) error {
		if v != "" && (!httpheader.ValidFieldValue(v) || !hasMaxAge(v)) {
			return fmt.Errorf("secure: StrictTransportSecurity(%q): needs a max-age=<seconds> directive", v)
		}
		c.hsts = v
		return nil
	}
}

func hasMaxAge(v string) bool {
	for d := range strings.SplitSeq(v, ";") {
		name, val, ok := strings.Cut(strings.TrimSpace(d), "=")
		if ok && strings.EqualFold(strings.TrimSpace(name), "max-age") {
			val = strings.Trim(strings.TrimSpace(val), `"`)
			if val == "" {
				return false
			}
			for _, c := range val {
				if c < '0' || c > '9' {
					return false
				}
			}
			return true
		}
	}
	return false
}

// Skip sets a function that exempts requests: their answers get no headers
// from this middleware.
func Skip(fn func(req *iron.Request) bool) Option {
	return func(c *config) error {
		if fn == nil {
			return errors.New("secure: Skip(nil)")
		}
		c.skip = fn
		return nil
	}
}

// New returns a Secure with the defaults of the package doc, changed by
// opts. A bad value panics with an error naming the option and the value.
// Nil options are skipped.
func New(opts ...Option) *Secure {
	c := &config{
		csp: DefaultContentSecurityPolicy, frame: DefaultFrameOptions,
		referrer: DefaultReferrerPolicy, coop: DefaultCrossOriginOpenerPolicy,
		hsts: DefaultStrictTransportSecurity,
	}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(c); err != nil {
			panic(err)
		}
	}
	s := &Secure{skip: c.skip}
	add := func(name, value string) {
		if value != "" {
			s.fixed = append(s.fixed, field{http.CanonicalHeaderKey(name), value})
		}
	}
	add("X-Content-Type-Options", "nosniff")
	add("X-Frame-Options", c.frame)
	add("Referrer-Policy", c.referrer)
	add("Cross-Origin-Opener-Policy", c.coop)
	if c.csp != "" {
		s.csp = strings.Split(c.csp, NoncePlaceholder)
		if len(s.csp) == 1 {
			add("Content-Security-Policy", c.csp)
			s.csp = nil
		}
	}
	s.hsts = c.hsts
	return s
}

// After sets the security headers on res, leaving alone each one res has.
func (s *Secure) After(req *iron.Request, res *iron.Response) (*iron.Response, error) {
	if s.skip == nil || !s.skip(req) {
		s.apply(req, res)
	}
	return res, nil
}

// CatchAfter sets the security headers on a copy of the answer sent for
// err (an error's response may be shared), and passes the error on, wrapped
// with that copy.
func (s *Secure) CatchAfter(req *iron.Request, err error) (*iron.Response, error) {
	if s.skip != nil && s.skip(req) {
		return nil, err
	}
	res := iron.ErrorResponse(err).Clone()
	s.apply(req, res)
	return nil, &iron.Error{Err: err, Response: res}
}

func (s *Secure) apply(req *iron.Request, res *iron.Response) {
	if res.Header == nil {
		res.Header = make(http.Header, len(s.fixed)+2)
	}
	h := res.Header
	// One backing array for every value this answer gets: the answer owns
	// its header slices, and they cost one allocation, not one each.
	vals := make([]string, 0, len(s.fixed)+2)
	set := func(name, value string) {
		if _, ok := h[name]; !ok {
			vals = append(vals, value)
			h[name] = vals[len(vals)-1 : len(vals) : len(vals)]
		}
	}
	for _, f := range s.fixed {
		set(f.name, f.value)
	}
	if s.csp != nil {
		if _, ok := h["Content-Security-Policy"]; !ok {
			set("Content-Security-Policy", strings.Join(s.csp, Nonce(req)))
		}
	}
	if s.hsts != "" && realip.Scheme(req) == "https" {
		set("Strict-Transport-Security", s.hsts)
	}
}

var nonceKey = iron.NewKey[string]("secure.nonce")

// Nonce returns the request's CSP nonce, making it on first use: 128 bits
// from crypto/rand in unpadded base64 (22 characters, no quotes or
// spaces), the same for the rest of the request.
func Nonce(req *iron.Request) string {
	if n, ok := iron.Get(req, nonceKey); ok {
		return n
	}
	var b [16]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	n := base64.RawStdEncoding.EncodeToString(b[:])
	iron.Set(req, nonceKey, n)
	return n
}
