package requestid

import (
	"crypto/rand"
	"fmt"
	"net/http"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/httpheader"
)

// DefaultHeader is the header the identifier is read from and echoed in.
const DefaultHeader = "X-Request-ID"

// DefaultMaxLength is the longest incoming identifier accepted by default.
const DefaultMaxLength = 128

// key holds the request's identifier in its extensions.
var key = iron.NewKey[string]("requestid")

// Get returns the identifier a [RequestID] stored in req, and whether there
// is one.
func Get(req *iron.Request) (string, bool) { return iron.Get(req, key) }

// RequestID is a before and after middleware that gives each request an
// identifier (see the package doc). Build it with [New]; it is safe for
// concurrent use.
type RequestID struct {
	header    string
	maxLength int
	generate  func() string
	trust     func(*iron.Request) bool // nil: no incoming identifier is believed
}

// Option configures a [RequestID] in [New], which checks it: a bad value
// panics there, with an error that names the option and the value.
type Option func(*RequestID)

// Header sets the header the identifier is read from and echoed in, instead
// of [DefaultHeader].
func Header(name string) Option {
	return func(r *RequestID) {
		if !httpheader.IsToken(name) {
			panic(fmt.Errorf("requestid: Header(%q): not a valid header name", name))
		}
		r.header = http.CanonicalHeaderKey(name)
	}
}

// MaxLength sets the longest incoming identifier accepted, in bytes; a longer
// one is replaced by a generated identifier.
func MaxLength(n int) Option {
	return func(r *RequestID) {
		if n < 1 {
			panic(fmt.Errorf("requestid: MaxLength(%d): must be at least 1", n))
		}
		r.maxLength = n
	}
}

// Generator sets the function that makes new identifiers, instead of
// [crypto/rand.Text]. It must be safe for concurrent use and should return
// identifiers that would pass the incoming validation, since they are echoed
// in a header.
func Generator(fn func() string) Option {
	return func(r *RequestID) {
		if fn == nil {
			panic(fmt.Errorf("requestid: Generator(nil): a function is required"))
		}
		r.generate = fn
	}
}

// Trust makes the middleware keep an identifier sent in the request when
// trusted(req) is true, and only then: by default every request gets a
// generated identifier, since anyone can send the header. Behind reverse
// proxies that set the header (nginx: proxy_set_header X-Request-ID
// $request_id), trust the requests that came through them, as package
// ext/realip tells, with realip linked before this middleware:
//
//	c.LinkBefore(realip.New(realip.TrustedProxies("10.0.0.0/8")),
//		requestid.New(requestid.Trust(realip.FromTrustedProxy)))
//
// A service whose every client is trusted (one behind a service mesh)
// passes func(*iron.Request) bool { return true }. An identifier that is
// trusted must still be acceptable (see the package doc). trusted runs once
// per request, on any goroutine: it must be safe for concurrent use. Nil
// panics in [New].
func Trust(trusted func(req *iron.Request) bool) Option {
	return func(r *RequestID) {
		if trusted == nil {
			panic(fmt.Errorf("requestid: Trust(nil): a function is required"))
		}
		r.trust = trusted
	}
}

// New returns a RequestID configured by opts (nil options are skipped). It
// panics on a bad option value, with an error naming the option and the
// value.
func New(opts ...Option) *RequestID {
	r := &RequestID{header: http.CanonicalHeaderKey(DefaultHeader), maxLength: DefaultMaxLength, generate: rand.Text}
	for _, o := range opts {
		if o != nil {
			o(r)
		}
	}
	return r
}

// Before stores the request's identifier: the one sent when the request is
// trusted ([Trust]) and the identifier acceptable, else a new one.
func (r *RequestID) Before(req *iron.Request) error {
	r.assign(req)
	return nil
}

// CatchBefore stores the identifier even when an earlier before middleware
// failed, so that the error is logged and answered with it, and passes the
// error on.
func (r *RequestID) CatchBefore(req *iron.Request, err error) error {
	r.assign(req)
	return err
}

// After echoes the identifier on the response, which a chain hands it as the
// request's own ([iron.Own]): it sets the header in place and returns res. A
// nil res (from a caller other than a chain) becomes the empty 404 a server
// sends for nil, with the header.
func (r *RequestID) After(req *iron.Request, res *iron.Response) (*iron.Response, error) {
	id, ok := Get(req)
	if !ok {
		return res, nil
	}
	if res == nil {
		res = iron.Own(req, nil)
	}
	res.SetHeader(r.header, id)
	return res, nil
}

// CatchAfter echoes the identifier on the response that will be sent for
// err, and passes the error on: the error it returns wraps err (so
// [errors.Is] and [errors.As] still find what it wraps) with that response,
// the request's own copy of err's.
func (r *RequestID) CatchAfter(req *iron.Request, err error) (*iron.Response, error) {
	id, ok := Get(req)
	if !ok {
		return nil, err
	}
	res := iron.Own(req, iron.ErrorResponse(err))
	res.SetHeader(r.header, id)
	return nil, &iron.Error{Err: err, Response: res}
}

// assign stores an identifier in req unless one is stored already (a
// request passing through two chains keeps its first identifier).
func (r *RequestID) assign(req *iron.Request) {
	if _, ok := Get(req); ok {
		return
	}
	if r.trust != nil {
		if sent := req.HeaderValue(r.header); r.acceptable(sent) && r.trust(req) {
			iron.Set(req, key, sent)
			return
		}
	}
	iron.Set(req, key, r.generate())
}

// acceptable reports whether an incoming identifier may be kept: short, and
// made of characters that cannot break a log line or a header.
func (r *RequestID) acceptable(id string) bool {
	if id == "" || len(id) > r.maxLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		if !safeByte(id[i]) {
			return false
		}
	}
	return true
}

func safeByte(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '-', '_', '.', ':', '+', '/', '=', '@':
		return true
	}
	return false
}
