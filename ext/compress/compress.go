package compress

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/iron-go/iron"
)

// DefaultMinSize is the smallest body, in bytes, compressed by default:
// below about a kilobyte the encoding's framing and the CPU cost outweigh
// the bytes saved.
const DefaultMinSize = 1024

// Compress is an after middleware that compresses response bodies (see the
// package doc). Build it with [New]; it is read-only after that and safe for
// concurrent use.
type Compress struct {
	minSize int64
	codings []*coding // in order of preference
	skip    typeSet

	// Set by options, turned into codings by New; order still names them.
	order  []string
	levels map[string]int
}

// Option configures a [Compress].
type Option func(*Compress) error

// MinSize sets the smallest body, in bytes, that is compressed, instead of
// [DefaultMinSize]. Bodies of unknown length are always compressed.
func MinSize(n int64) Option {
	return func(c *Compress) error {
		if n < 0 {
			return fmt.Errorf("compress: MinSize(%d): must not be negative", n)
		}
		c.minSize = n
		return nil
	}
}

// Encodings sets the encodings offered, in order of preference for clients
// that accept several equally: any of "br", "zstd" and "gzip". The default
// is all three, in that order.
func Encodings(names ...string) Option {
	return func(c *Compress) error {
		if len(names) == 0 {
			return fmt.Errorf("compress: Encodings(): name at least one encoding")
		}
		for i, n := range names {
			if _, _, ok := levelRange(n); !ok {
				return fmt.Errorf(`compress: Encodings: unknown encoding %q (known: "br", "zstd", "gzip")`, n)
			}
			if slices.Contains(names[:i], n) {
				return fmt.Errorf("compress: Encodings: %q named twice", n)
			}
		}
		c.order = slices.Clone(names)
		return nil
	}
}

// Level sets the compression level of one encoding: gzip 1 (fastest) to 9
// (default 5), br 0 to 11 (default 4), zstd 1 to 22, mapped to the
// encoder's four speeds (default 3). The defaults suit responses made per
// request; pre-compress static files at higher levels instead.
func Level(encoding string, level int) Option {
	return func(c *Compress) error {
		lo, hi, ok := levelRange(encoding)
		if !ok {
			return fmt.Errorf(`compress: Level(%q, %d): unknown encoding (known: "br", "zstd", "gzip")`, encoding, level)
		}
		if level < lo || level > hi {
			return fmt.Errorf("compress: Level(%q, %d): must be from %d to %d", encoding, level, lo, hi)
		}
		c.levels[encoding] = level
		return nil
	}
}

// SkipTypes adds media types that are never compressed, beyond the default
// list of already-compressed ones. An entry "type/*" skips a whole type.
// Parameters (";charset=...") are ignored; case does not matter.
func SkipTypes(types ...string) Option {
	return func(c *Compress) error {
		for _, t := range types {
			if !strings.Contains(t, "/") {
				return fmt.Errorf("compress: SkipTypes: %q is not a media type", t)
			}
			c.skip.add(t)
		}
		return nil
	}
}

// New returns a Compress configured by opts (nil options are skipped), or an
// error naming the option that is wrong.
func New(opts ...Option) (*Compress, error) {
	c := &Compress{
		minSize: DefaultMinSize,
		skip:    defaultSkipTypes(),
		order:   []string{"br", "zstd", "gzip"},
		levels:  map[string]int{"br": 4, "zstd": 3, "gzip": 5},
	}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(c); err != nil {
			return nil, err
		}
	}
	for _, name := range c.order {
		c.codings = append(c.codings, newCoding(name, c.levels[name]))
	}
	return c, nil
}

// After compresses res when it is worth it and the client accepts an
// encoding; see the package doc for the rules. It changes res, which a
// chain hands it as the request's own ([iron.Own]), in place.
func (c *Compress) After(req *iron.Request, res *iron.Response) (*iron.Response, error) {
	if res == nil {
		return nil, nil
	}
	if res.StatusCode() == http.StatusNotModified {
		c.notModified(res)
		return res, nil
	}
	if !c.worthIt(res) {
		return res, nil
	}
	cd := c.negotiate(req)
	addVary(res.Header, "Accept-Encoding")
	if cd == nil {
		return res, nil
	}
	res.SetHeader("Content-Encoding", cd.name)
	res.Header.Del("Content-Length")
	res.Header.Del("Accept-Ranges")
	if etag := res.Header.Get("Etag"); strings.HasPrefix(etag, `"`) {
		res.SetHeader("Etag", "W/"+etag)
	}
	res.SetBody(iron.ReaderBody(&compressedBody{src: res.Body(), coding: cd}, -1))
	return res, nil
}

// notModified adds Vary: Accept-Encoding to a 304 that stands for a
// response this middleware may encode: RFC 9110 section 15.4.5 wants a 304
// to carry the Vary of the 200 it replaces, or a cache would keep one
// encoding's bytes for every client. Its ETag is left as it is: without the
// body, whether that 200 was encoded is unknown.
func (c *Compress) notModified(res *iron.Response) {
	if !c.mayEncode(res) || hasToken(res.Header.Values("Vary"), "Accept-Encoding") {
		return
	}
	addVary(res.Header, "Accept-Encoding")
}

// worthIt reports whether res may and should be compressed, whatever the
// client accepts.
func (c *Compress) worthIt(res *iron.Response) bool {
	body := res.Body()
	if body.IsZero() {
		return false
	}
	if n := body.Len(); n >= 0 && n < c.minSize {
		return false
	}
	switch s := res.StatusCode(); {
	case s < 200, s == http.StatusNoContent, s == http.StatusPartialContent:
		return false
	}
	return c.mayEncode(res)
}

// mayEncode reports whether res's headers allow encoding it: not encoded
// already, not a range, no no-transform, and not of a type compressed
// already.
func (c *Compress) mayEncode(res *iron.Response) bool {
	if ce := res.Header.Get("Content-Encoding"); ce != "" && !strings.EqualFold(ce, "identity") {
		return false
	}
	if res.Header.Get("Content-Range") != "" {
		return false
	}
	if hasToken(res.Header.Values("Cache-Control"), "no-transform") {
		return false
	}
	return !c.skip.has(res.ContentType())
}

// addVary adds token to the Vary header unless it is there already (or the
// header is "*").
func addVary(h http.Header, token string) {
	values := h.Values("Vary")
	if !hasToken(values, token) && !hasToken(values, "*") {
		h.Add("Vary", token)
	}
}

// hasToken reports whether the comma-separated header values hold token,
// compared without regard to case; a token's parameters ("max-age=0") are
// not compared.
func hasToken(values []string, token string) bool {
	for _, v := range values {
		for t := range strings.SplitSeq(v, ",") {
			t, _, _ = strings.Cut(t, "=")
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}
