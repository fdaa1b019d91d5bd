package session

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/httpheader"
)

// Defaults of the options.
const (
	DefaultCookieName  = "session"
	DefaultIdleTimeout = 2 * time.Hour
	DefaultMaxAge      = 24 * time.Hour
)

// Option configures a [Sessions] made by [New] or [NewCookie], which check
// it: a bad value panics there, with an error naming the option and the
// value.
type Option func(*Sessions)

// CookieName sets the name of the session cookie, [DefaultCookieName]
// unless set. New panics on a name that is not an RFC 9110 token.
func CookieName(name string) Option {
	return func(s *Sessions) {
		if !httpheader.IsToken(name) {
			panic(fmt.Errorf("session: CookieName(%q): not a valid cookie name", name))
		}
		s.name = name
	}
}

// Path sets the Path of the session cookie, "/" (the whole site) unless
// set. New panics unless p starts with "/" and is free of control bytes and
// ';'.
func Path(p string) Option {
	return func(s *Sessions) {
		if !strings.HasPrefix(p, "/") || strings.ContainsFunc(p, func(r rune) bool { return r < 0x20 || r >= 0x7f || r == ';' }) {
			panic(fmt.Errorf("session: Path(%q): must start with / and hold no control byte or ';'", p))
		}
		s.path = p
	}
}

// Domain sets the Domain of the session cookie, so that subdomains get it
// too; unset, the cookie goes back only to the host that set it, which is
// safer. New panics on an empty domain or one with a byte a host name
// cannot hold.
func Domain(d string) Option {
	return func(s *Sessions) {
		if d == "" || strings.ContainsFunc(d, func(r rune) bool {
			return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '-' || r == '.')
		}) {
			panic(fmt.Errorf("session: Domain(%q): not a host name", d))
		}
		s.domain = d
	}
}

// SameSite sets the SameSite attribute of the session cookie,
// [http.SameSiteLaxMode] unless set: browsers then send the cookie with
// top-level navigations from other sites (a link to the site finds the
// user signed in) but not with their forms or scripts. Strict sends it only
// from the site's own pages. None sends it everywhere, and makes the cookie
// always Secure, as browsers require. New panics on any other value.
func SameSite(mode http.SameSite) Option {
	return func(s *Sessions) {
		switch mode {
		case http.SameSiteLaxMode, http.SameSiteStrictMode, http.SameSiteNoneMode:
		default:
			panic(fmt.Errorf("session: SameSite(%d): must be http.SameSiteLaxMode, StrictMode or NoneMode", mode))
		}
		s.sameSite = mode
	}
}

// Secure sets how the middleware decides that a request came over HTTPS,
// which makes the session cookie Secure (browsers then never send it over
// plain HTTP). Unset, a request is secure when its scheme is https as
// ext/realip tells it (realip.Scheme, which ext/secure reads for HSTS too):
// the connection's own scheme, or, with a realip.RealIP linked before this
// middleware, the scheme a trusted proxy that terminates TLS forwarded.
// When every client connects with HTTPS and no proxy says so, pass a
// function that returns true. New panics on a nil function.
func Secure(isSecure func(req *iron.Request) bool) Option {
	return func(s *Sessions) {
		if isSecure == nil {
			panic(errors.New("session: Secure(nil)"))
		}
		s.secure = isSecure
	}
}

// IdleTimeout sets how long a session lasts without being used,
// [DefaultIdleTimeout] unless set (and never longer than [MaxAge]). A
// session that a request reads but does not change is written again to
// push this deadline back, at most once per eighth of it, so that reading
// it costs no write on most requests; it may therefore end up to an eighth
// of IdleTimeout early. New panics unless d is at least a second.
func IdleTimeout(d time.Duration) Option {
	return func(s *Sessions) {
		atLeastASecond("IdleTimeout", d)
		s.idle, s.idleSet = d, true
	}
}

// MaxAge sets the absolute timeout of a session: how long after it began,
// or was renewed by [Renew], it ends however much it is used;
// [DefaultMaxAge] unless set. New panics unless d is at least a second.
func MaxAge(d time.Duration) Option {
	return func(s *Sessions) {
		atLeastASecond("MaxAge", d)
		s.maxAge = d
	}
}

// Logger sets where the middleware logs store failures (at Error level),
// session data that no longer decodes (Warn), and session cookies it
// ignored (Debug); [slog.Default] unless set. New panics on nil.
func Logger(l *slog.Logger) Option {
	return func(s *Sessions) {
		if l == nil {
			panic(errors.New("session: Logger(nil)"))
		}
		s.logger = l
	}
}

func atLeastASecond(option string, d time.Duration) {
	if d < time.Second {
		panic(fmt.Errorf("session: %s(%v): must be at least 1s", option, d))
	}
}
