package router

import (
	"net/http"
	"strings"

	"github.com/iron-go/iron"
)

// dots returns 1 for the escaped segment ".", 2 for "..", each dot possibly
// percent-encoded ("%2e", "%2E"), as RFC 3986 (section 6.2.2.2: "%2E" is
// ".") and the WHATWG URL standard read them, and 0 for any other segment.
func dots(seg string) int {
	n := 0
	for i := 0; i < len(seg); n++ {
		switch {
		case seg[i] == '.':
			i++
		case len(seg)-i >= 3 && seg[i] == '%' && seg[i+1] == '2' && (seg[i+2] == 'e' || seg[i+2] == 'E'):
			i += 3
		default:
			return 0
		}
	}
	if n > 2 {
		return 0
	}
	return n
}

// isClean reports whether an escaped path needs no cleaning: it has no dot
// segment and no empty segment but the last (a trailing slash). A path that
// does not start with '/' (the empty path a mount hands on, "*") is clean.
// It allocates nothing.
func isClean(path string) bool {
	if !strings.HasPrefix(path, "/") {
		return true
	}
	for rest := path[1:]; ; {
		seg, after, more := strings.Cut(rest, "/")
		if (seg == "" && more) || dots(seg) > 0 {
			return false
		}
		if !more {
			return true
		}
		rest = after
	}
}

// cleanPath returns the clean form of an escaped path that starts with '/':
// dot segments removed as RFC 3986 section 5.2.4 removes them ("/a/../b" is
// "/b", "/a/." is "/a/"), and empty segments dropped ("//a" is "/a"), a
// trailing slash kept. Escapes are kept as they are: an encoded slash
// stays inside its segment, so "/a%2F..%2Fb" is clean.
func cleanPath(path string) string {
	segs := strings.Split(path[1:], "/")
	out := segs[:0]
	trailing := false
	for i, seg := range segs {
		last := i == len(segs)-1
		switch n := dots(seg); {
		case n > 0:
			if n == 2 && len(out) > 0 {
				out = out[:len(out)-1]
			}
			trailing = last
		case seg == "":
			trailing = last
		default:
			out = append(out, seg)
			trailing = false
		}
	}
	if len(out) == 0 {
		return "/"
	}
	clean := "/" + strings.Join(out, "/")
	if trailing {
		clean += "/"
	}
	return clean
}

// redirectClean answers a request whose path the router sees is not clean
// with a 308 to the clean form of the path the client sent (so that it is
// right under a mount), query kept; 308, as for the trailing slash, keeps
// the method and body. It returns nil when cleaning the path the client
// sent changes nothing (something in front of the router rewrote the path):
// a redirect there would loop.
func redirectClean(req *iron.Request) *iron.Response {
	original := req.OriginalPath()
	if !strings.HasPrefix(original, "/") {
		return nil
	}
	clean := cleanPath(original)
	if clean == original {
		return nil
	}
	loc := safeLocation(clean)
	if q := req.RawQuery(); q != "" {
		loc += "?" + q
	}
	return iron.With(http.StatusPermanentRedirect, iron.Redirect(loc))
}
