package mount

import (
	"net/url"
	"strings"

	"github.com/iron-go/iron"
)

// OriginalPath returns the escaped path of the request as the client sent it,
// before any mount stripped a prefix: the path of [iron.Request.RequestURI].
// It allocates nothing.
func OriginalPath(req *iron.Request) string {
	return targetPath(req.RequestURI())
}

// Prefix returns the escaped part of the original path that the mounts the
// request went through have stripped: "/api/v1" for "/api/v1/users" under
// mounts at "/api" and "/v1", "" outside any mount. It allocates nothing. When
// something other than a mount replaced the path with one that is not a
// suffix of the original, Prefix returns "".
func Prefix(req *iron.Request) string {
	orig, cur := OriginalPath(req), req.EscapedPath()
	if !strings.HasSuffix(orig, cur) {
		return ""
	}
	return orig[:len(orig)-len(cur)]
}

// OriginalURL returns the URL the client asked for, whatever prefixes mounts
// stripped since: scheme, host, original path and query, as
// [iron.Request.URL] returns them outside any mount. It returns a new URL
// each call; the caller may change it.
func OriginalURL(req *iron.Request) *url.URL {
	u := *req.URL()
	raw := OriginalPath(req)
	u.Path, u.RawPath = raw, ""
	if p, err := url.PathUnescape(raw); err == nil {
		u.Path = p
		if u.EscapedPath() != raw {
			u.RawPath = raw
		}
	}
	return &u
}

// targetPath returns the escaped path of a request-target in origin form
// ("/a?b") or absolute form ("http://h/a?b"); "*" and authority forms have
// none of their own and are returned as they are.
func targetPath(target string) string {
	if i := strings.IndexAny(target, "?#"); i >= 0 {
		target = target[:i]
	}
	if target != "" && target[0] != '/' {
		if i := strings.Index(target, "://"); i > 0 {
			rest := target[i+3:]
			if j := strings.IndexByte(rest, '/'); j >= 0 {
				return rest[j:]
			}
			return "/"
		}
	}
	return target
}
