package session

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/cookie"
	"github.com/iron-go/iron/ext/realip"
	"github.com/iron-go/iron/internal/httpheader"
)

var (
	// ErrStore is wrapped, with the store's own error, by the error of a
	// request whose session could not be loaded, saved or deleted: it is
	// an [*iron.Error] with status 503, and the failure is logged.
	ErrStore = errors.New("session: store unavailable")
	// ErrNotLinked is returned by the functions of this package called on a
	// request that no [Sessions] middleware has seen (it is linked after
	// the caller, or not at all).
	ErrNotLinked = errors.New("session: no session middleware linked before this use")
	// ErrNotEncoded wraps the error of [Set] for a value encoding/json
	// cannot encode.
	ErrNotEncoded = errors.New("session: value cannot be encoded as JSON")
)

// Sessions is the session middleware: a before middleware that makes the
// request's session reachable, loaded on first use, and an after middleware
// that saves it when it changed (see the package doc). Make one with [New]
// or [NewCookie]; it is read-only afterwards and safe for concurrent use.
type Sessions struct {
	store Store         // server-side sessions, or nil
	codec *cookie.Codec // sessions in the cookie, or nil

	name, path, domain string
	sameSite           http.SameSite
	secure             func(*iron.Request) bool
	idle, maxAge       time.Duration
	idleSet            bool
	logger             *slog.Logger
}

// linked holds, in each request, the Sessions that saw it.
var linked = iron.NewKey[*Sessions]("session.linked")

// New returns session middleware that keeps sessions in store, with only
// their ID in the cookie; opts are applied in order (nil ones skipped). It
// panics on a nil store and on options that contradict each other.
func New(store Store, opts ...Option) *Sessions {
	if store == nil {
		panic(errors.New("session: New(nil): no store"))
	}
	return configure(&Sessions{store: store}, opts)
}

// NewCookie returns session middleware that keeps each whole session in
// its cookie, encrypted by codec: no server-side state at all, so any
// instance that has the keys reads any session, but a session must fit in
// a cookie (4 KiB encoded, see [cookie.MaxSize]: a save over that fails
// with a clear error), and a signed-out or destroyed session cannot be
// revoked before it expires, since the client may keep an older copy. It
// panics on a nil codec, or one made by [cookie.NewSigned] (sessions often
// hold what the client should not read).
func NewCookie(codec *cookie.Codec, opts ...Option) *Sessions {
	if codec == nil {
		panic(errors.New("session: NewCookie(nil): no codec"))
	}
	if !codec.Encrypts() {
		panic(errors.New("session: NewCookie: the codec signs but does not encrypt; make it with cookie.NewEncrypted"))
	}
	return configure(&Sessions{codec: codec}, opts)
}

func configure(s *Sessions, opts []Option) *Sessions {
	s.name, s.path = DefaultCookieName, "/"
	s.sameSite = http.SameSiteLaxMode
	s.secure = func(req *iron.Request) bool { return realip.Scheme(req) == "https" }
	s.idle, s.maxAge = DefaultIdleTimeout, DefaultMaxAge
	s.logger = slog.Default()
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	if s.idle > s.maxAge {
		if s.idleSet {
			panic(fmt.Errorf("session: IdleTimeout(%v) is longer than MaxAge(%v), which always ends the session first", s.idle, s.maxAge))
		}
		s.idle = s.maxAge
	}
	return s
}

// Before makes the request's session reachable by [Get], [Set] and the
// others. It loads nothing: the session is loaded on first use.
func (s *Sessions) Before(req *iron.Request) error {
	iron.Set(req, linked, s)
	return nil
}

// After saves the session when the request changed it, renewed it or
// destroyed it (or when its idle deadline is due to be pushed back), and
// sets the cookie on res. A request that never used its session leaves res
// as it is; one that used it gets Vary: Cookie, so that a shared cache
// never gives one user's page to another; one that only read it costs no
// store write and sets no cookie. A save that fails fails the request:
// After returns a 503 error (or a 500 for a session too large for its
// cookie), never the response, so a client is never told that a change was
// kept when it was not.
func (s *Sessions) After(req *iron.Request, res *iron.Response) (*iron.Response, error) {
	if st, ok := iron.Get(req, current.Key()); !ok || st.s != s {
		return res, nil // never used
	}
	c, err := s.commit(req)
	if err != nil {
		return nil, err
	}
	if res == nil {
		res = &iron.Response{}
	}
	if res.Header == nil {
		res.Header = make(http.Header)
	}
	if c != nil {
		if err := cookie.Set(res, c); err != nil {
			return nil, err // our own cookie: cannot happen, but never hide it
		}
	}
	httpheader.AddVary(res.Header, "Cookie")
	return res, nil
}

// CatchAfter saves the session on the error path too, when the error
// carries a deliberate answer below 500 (a 401 for a wrong password that
// counts attempts, a 422 that keeps the form's values): its cookie is set
// on a copy of that answer. After a server error (500 and above, or a bare
// error) nothing is saved: like a transaction, a request that broke keeps
// none of its changes. The error is passed on.
func (s *Sessions) CatchAfter(req *iron.Request, err error) (*iron.Response, error) {
	e, ok := errors.AsType[*iron.Error](err)
	if !ok || e.Response == nil || e.Response.StatusCode() >= 500 {
		return nil, err
	}
	c, cerr := s.commit(req)
	if cerr != nil {
		return nil, cerr
	}
	if c == nil {
		return nil, err
	}
	res := e.Response.Clone()
	if serr := cookie.Set(res, c); serr != nil {
		return nil, serr
	}
	return nil, &iron.Error{Err: err, Response: res}
}

// retryAfter is on a store's 503, as on ext/ratelimit's: an outage of the
// store is usually short, and a client (or a proxy retrying on another
// instance) learns when to try again.
var retryAfter = http.Header{"Retry-After": {"1"}}

// storeFailed logs a store failure and returns the request's 503 error.
func (s *Sessions) storeFailed(req *iron.Request, op string, err error) error {
	s.logger.Log(req.PeekContext(), slog.LevelError, "session: store failed",
		"op", op, "method", req.Method(), "path", req.EscapedPath(), "error", err)
	return &iron.Error{
		Err:      fmt.Errorf("%w: %s: %w", ErrStore, op, err),
		Response: iron.With(http.StatusServiceUnavailable, retryAfter, "session store unavailable, try again later"),
	}
}
