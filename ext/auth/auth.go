package auth

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/httpheader"
)

// Errors a refused request fails with, wrapped in an [*iron.Error].
var (
	// ErrNoCredentials: the request has no credentials for the scheme (401).
	ErrNoCredentials = errors.New("auth: no credentials")
	// ErrMalformed: the Authorization header cannot be parsed (400).
	ErrMalformed = errors.New("auth: malformed credentials")
	// ErrBadCredentials: the verify function refused a Basic user and
	// password (401).
	ErrBadCredentials = errors.New("auth: wrong user or password")
	// ErrInvalidToken: a Bearer verify function returns it (or an error
	// wrapping it) for a token that is unknown, expired or revoked (401).
	ErrInvalidToken = errors.New("auth: invalid token")
	// ErrInsufficientScope: a Bearer verify function returns it (or an
	// error wrapping it) for a valid token that does not allow the request
	// (403).
	ErrInsufficientScope = errors.New("auth: insufficient scope")
)

// DefaultRealm is the realm of the challenge unless [Realm] sets another.
const DefaultRealm = "restricted"

var userKey = iron.NewKey[string]("auth.user")

// User returns the name [Basic] or the subject [Bearer] authenticated for
// req, and whether a request was authenticated.
func User(req *iron.Request) (string, bool) { return iron.Get(req, userKey) }

// config is what both middleware share.
type config struct {
	realm   string
	skip    func(*iron.Request) bool
	respond func(*iron.Request, error) *iron.Response
}

// Option configures a [Basic] or a [Bearer]; see [NewBasic] and
// [NewBearer].
type Option func(*config) error

// Realm sets the realm of the challenge (the protection space a browser
// remembers credentials for), instead of [DefaultRealm]. It must hold no
// control character but tab, and is sent as a quoted string.
func Realm(name string) Option {
	return func(c *config) error {
		if !httpheader.ValidFieldValue(name) {
			return fmt.Errorf("auth: Realm(%q): control characters", name)
		}
		c.realm = name
		return nil
	}
}

// Skip sets a function that lets requests through unauthenticated (a
// public page under a protected prefix). [User] reports false for them.
func Skip(fn func(req *iron.Request) bool) Option {
	return func(c *config) error {
		if fn == nil {
			return errors.New("auth: Skip(nil)")
		}
		c.skip = fn
		return nil
	}
}

// Responder sets the function that builds the answer to a refused request
// from its error (which wraps one of the package's sentinels). A zero
// Status becomes the status the package doc gives for the error, and the
// WWW-Authenticate challenge is added unless the response has one. A nil
// response means the default answer. The same function may serve as the
// Responder of the other packages that have one (csrf, ratelimit,
// recovery, timeout).
func Responder(fn func(req *iron.Request, err error) *iron.Response) Option {
	return func(c *config) error {
		if fn == nil {
			return errors.New("auth: Responder(nil)")
		}
		c.respond = fn
		return nil
	}
}

func newConfig(opts []Option) config {
	c := config{realm: DefaultRealm}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&c); err != nil {
			panic(err)
		}
	}
	return c
}

// refuse returns the error for a refused request: err, with a response of
// status and the challenge (when not ""). The default body is the status
// text and why, what the client may read of err: the package's own
// messages, never a verify function's.
func (c *config) refuse(req *iron.Request, err error, status int, challenge string, why error) error {
	var res *iron.Response
	if c.respond != nil {
		res = c.respond(req, err)
	}
	if res == nil {
		res = iron.With(status, http.StatusText(status)+": "+why.Error()+"\n")
	} else {
		// The responder's own value, which it may return to every
		// request: the status and challenge go on a copy.
		res = res.Clone()
	}
	if res.Status == 0 {
		res.Status = status
	}
	if challenge != "" && res.Header.Get("WWW-Authenticate") == "" {
		res.SetHeader("WWW-Authenticate", challenge)
	}
	return &iron.Error{Err: err, Response: res}
}

// credentials returns the credentials of the Authorization header for
// scheme: ok false with a nil error when there are none for scheme, an
// error wrapping ErrMalformed when the header cannot be parsed.
func credentials(req *iron.Request, scheme string) (creds string, ok bool, err error) {
	vals := req.HeaderValues("Authorization")
	switch len(vals) {
	case 0:
		return "", false, nil
	case 1:
	default:
		return "", false, fmt.Errorf("%w: %d Authorization headers", ErrMalformed, len(vals))
	}
	v := vals[0]
	name, rest, _ := strings.Cut(v, " ")
	if !httpheader.IsToken(name) {
		return "", false, fmt.Errorf("%w: no authentication scheme", ErrMalformed)
	}
	if !httpheader.EqualFold(name, scheme) {
		return "", false, nil // another scheme: this one has no credentials
	}
	rest = strings.TrimLeft(rest, " ") // credentials = auth-scheme [ 1*SP ... ]
	if rest == "" {
		return "", false, fmt.Errorf("%w: %s without credentials", ErrMalformed, scheme)
	}
	return rest, true, nil
}
