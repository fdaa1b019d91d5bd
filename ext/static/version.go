package static

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"net/url"
)

// immutable is the Cache-Control of a request for a file's current
// version: a year, the longest RFC 9111 suggests, and no revalidation.
const immutable = "public, max-age=31536000, immutable"

// Versioned makes a request whose query parameter param holds the file's
// current version — as [FS.Version], [Dir.Version] and [File.Version]
// return it — be answered with "Cache-Control: public, max-age=31536000,
// immutable": a page links "/static/app.js?v=1f2e3d4c5b6a", and browsers
// and caches keep that URL for a year without asking again, since the next
// release links another. Every other request for the file (no version, or
// another release's, as a page served by an instance not yet restarted
// asks during a rolling restart) gets the Cache-Control set by [MaxAge] or
// [CacheControl]: give it one that revalidates ("no-cache"), which the ETag
// makes cheap. param is a plain query parameter name ("v"); anything that
// would need escaping in a URL panics in New.
func Versioned(param string) Option {
	return func(c *config) {
		if param == "" || url.QueryEscape(param) != param {
			panic(fmt.Errorf("static: Versioned(%q): not a plain query parameter name", param))
		}
		c.versionParam = param
	}
}

// versionOf returns the version of a file whose strong ETag is etag: the
// first 12 hex digits of its SHA-256, short in a URL and, at 48 bits,
// unlikely to repeat between two releases of one file.
func versionOf(etag string) string {
	sum := sha256.Sum256([]byte(etag))
	return hex.EncodeToString(sum[:6])
}

// version returns the version of the regular file name (see Versioned).
func (s *fileServer) version(name string) (string, error) {
	clean, err := s.cleanName(name)
	if err != nil {
		return "", err
	}
	if d, ok := s.sums[clean]; ok {
		return d.version, nil
	}
	fi, err := fs.Stat(s.fsys, clean)
	if err == nil && !fi.Mode().IsRegular() {
		return "", notFound(fmt.Errorf("%s: %w", clean, errNotRegular))
	}
	if err != nil {
		return "", fsError(err)
	}
	return s.validators(clean, fi, "").version(), nil
}
