package mount

import (
	"net/url"
	"strings"

	"github.com/iron-go/iron"
)

// Prefix returns the escaped part of the original path that the mounts the
// request went through have stripped: "/api/v1" for "/api/v1/users" under
// mounts at "/api" and "/v1", "" outside any mount. A path of "/" left for
// the prefix itself ("/api" handed on as "/", as some mounts other than this
// package's do) counts as the prefix stripped whole. It allocates nothing.
// When something else replaced the path with one that is not a suffix of
// the original, Prefix returns "".
func Prefix(req *iron.Request) string {
	orig, cur := req.OriginalPath(), req.EscapedPath()
	switch {
	case strings.HasSuffix(orig, cur):
		return orig[:len(orig)-len(cur)]
	case cur == "/":
		return orig
	}
	return ""
}

// OriginalURL returns the URL the client asked for, whatever prefixes mounts
// stripped since: scheme, host, original path and query, as
// [iron.Request.URL] returns them outside any mount. It returns a new URL
// each call; the caller may change it.
func OriginalURL(req *iron.Request) *url.URL {
	u := *req.URL()
	raw := req.OriginalPath()
	u.Path, u.RawPath = raw, ""
	if p, err := url.PathUnescape(raw); err == nil {
		u.Path = p
		if u.EscapedPath() != raw {
			u.RawPath = raw
		}
	}
	return &u
}
