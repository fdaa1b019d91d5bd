package router

import (
	"fmt"

	"github.com/iron-go/iron"
)

// Option configures a [Router] in [New], which checks it: a bad value panics
// there with an error that names the option and the value.
type Option func(*Router)

// SlashPolicy says what a router does with a path that matches no route
// while the same path with its trailing slash added or removed does.
type SlashPolicy uint8

const (
	// RedirectSlash, the default, answers 308 Permanent Redirect to the
	// other form of the path the client sent, query kept: correct under a
	// mount, and the method and body survive the redirect.
	RedirectSlash SlashPolicy = iota
	// StrictSlash treats "/a" and "/a/" as different paths: the one that
	// matches no route is not found.
	StrictSlash
	// LenientSlash serves the other form's route as if it had been asked
	// for, without a redirect.
	LenientSlash
)

// String returns the policy's name.
func (p SlashPolicy) String() string {
	switch p {
	case RedirectSlash:
		return "RedirectSlash"
	case StrictSlash:
		return "StrictSlash"
	case LenientSlash:
		return "LenientSlash"
	}
	return fmt.Sprintf("SlashPolicy(%d)", uint8(p))
}

// TrailingSlash sets the router's trailing-slash policy ([RedirectSlash] by
// default). [New] panics on a value that is none of the policies.
func TrailingSlash(p SlashPolicy) Option {
	return func(r *Router) {
		if p > LenientSlash {
			panic(fmt.Errorf("router: TrailingSlash(%v): not a SlashPolicy", p))
		}
		r.slash = p
	}
}

// NotFound sets the handler that answers requests no route matches, instead
// of the router's [ErrNotFound] error. It does not answer 405s. [New] panics
// on a nil handler.
func NotFound(h iron.Handler) Option {
	return func(r *Router) {
		if h == nil {
			panic(fmt.Errorf("router: NotFound(nil): a handler is required"))
		}
		r.notFound = h
	}
}

// CleanPath sets whether the router redirects a request whose path is not
// clean to its clean form, as http.ServeMux does (off by default). A path is
// not clean when it has an empty segment ("//a", "/a//b") or a dot segment
// ("/a/./b", "/a/../b"; also percent-encoded, "/a/%2e%2e/b", since clients
// and RFC 3986 read "%2E" as a dot). Such a request is answered 308
// Permanent Redirect, before any route is looked for, to the clean form of
// the path the client sent (dot segments resolved as RFC 3986 section
// 5.2.4 does, empty segments dropped, a trailing slash kept: "/a/../b" goes
// to "/b", "//a/./b/" to "/a/b/"), query kept. An encoded slash is no
// separator: "/a%2F..%2Fb" is clean. So with CleanPath no route, and no
// parameter, ever sees a dot or empty segment; a *catch-all may still hold
// ".." or "//" that came encoded ("..%2F.."), see [Param]. With CleanPath
// on, registering a pattern that is not clean ("/a//b") panics, since no
// request would reach it.
func CleanPath(on bool) Option {
	return func(r *Router) { r.clean = on }
}
