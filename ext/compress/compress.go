package compress

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/httpheader"
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

	skipReq func(*iron.Request) bool // nil: every request

	// Set by options, turned into codings by New; order still names them.
	order  []string
	levels map[string]int
}

// Option configures a [Compress] in [New], which checks it: a bad value
// panics there, with an error that names the option and the value.
type Option func(*Compress)

// MinSize sets the smallest body, in bytes, that is compressed, instead of
// [DefaultMinSize]. Bodies of unknown length are always compressed.
func MinSize(n int64) Option {
	return func(c *Compress) {
		if n < 0 {
			panic(fmt.Errorf("compress: MinSize(%d): must not be negative", n))
		}
		c.minSize = n
	}
}

// Encodings sets the encodings offered, in order of preference for clients
// that accept several equally: any of "br", "zstd" and "gzip". The default
// is all three, in that order.
func Encodings(names ...string) Option {
	return func(c *Compress) {
		if len(names) == 0 {
			panic(fmt.Errorf("compress: Encodings(): name at least one encoding"))
		}
		for i, n := range names {
			if _, _, ok := levelRange(n); !ok {
				panic(fmt.Errorf(`compress: Encodings(%q): unknown encoding %q (known: "br", "zstd", "gzip")`, names, n))
			}
			if slices.Contains(names[:i], n) {
				panic(fmt.Errorf("compress: Encodings(%q): %q named twice", names, n))
			}
		}
		c.order = slices.Clone(names)
	}
}

// Level sets the compression level of one encoding: gzip 1 (fastest) to 9
// (default 5), br 0 to 11 (default 4), zstd 1 to 22, mapped to the
// encoder's four speeds (default 3). The defaults suit responses made per
// request; pre-compress static files at higher levels instead.
func Level(encoding string, level int) Option {
	return func(c *Compress) {
		lo, hi, ok := levelRange(encoding)
		if !ok {
			panic(fmt.Errorf(`compress: Level(%q, %d): unknown encoding (known: "br", "zstd", "gzip")`, encoding, level))
		}
		if level < lo || level > hi {
			panic(fmt.Errorf("compress: Level(%q, %d): must be from %d to %d", encoding, level, lo, hi))
		}
		c.levels[encoding] = level
	}
}

// SkipTypes adds media types that are never compressed, beyond the default
// list of already-compressed ones. An entry "type/*" skips a whole type.
// Parameters (";charset=...") are ignored; case does not matter.
func SkipTypes(types ...string) Option {
	return func(c *Compress) {
		for _, t := range types {
			if !strings.Contains(t, "/") {
				panic(fmt.Errorf("compress: SkipTypes(%q): %q is not a media type", types, t))
			}
			c.skip.add(t)
		}
	}
}

// Skip sets a function that picks the requests whose responses are never
// compressed (a path that streams events to a client that cannot afford the
// encoder's delay, say). It is called once per response, on the request's
// goroutine. [New] panics on a nil fn.
func Skip(fn func(req *iron.Request) bool) Option {
	return func(c *Compress) {
		if fn == nil {
			panic(fmt.Errorf("compress: Skip(nil): a function is required"))
		}
		c.skipReq = fn
	}
}

// New returns a Compress configured by opts (nil options are skipped). It
// panics on a bad option value, with an error naming the option and the
// value.
func New(opts ...Option) *Compress {
	c := &Compress{
		minSize: DefaultMinSize,
		skip:    defaultSkipTypes(),
		order:   []string{"br", "zstd", "gzip"},
		levels:  map[string]int{"br": 4, "zstd": 3, "gzip": 5},
	}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	for _, name := range c.order {
		c.codings = append(c.codings, newCoding(name, c.levels[name]))
	}
	return c
}

// After compresses res when it is worth it and the client accepts an
// encoding; see the package doc for the rules. It changes res, which a
// chain hands it as the request's own ([iron.Own]), in place.
func (c *Compress) After(req *iron.Request, res *iron.Response) (*iron.Response, error) {
	if res == nil || (c.skipReq != nil && c.skipReq(req)) {
		return res, nil
	}
	if res.StatusCode() == http.StatusNotModified {
		c.notModified(res)
		return res, nil
	}
	if !c.worthIt(res) {
		return res, nil
	}
	cd := c.negotiate(req)
	if res.Header == nil {
		res.Header = make(http.Header, 3)
	}
	httpheader.AddVary(res.Header, "Accept-Encoding")
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
	if !c.mayEncode(res) || httpheader.HasToken(res.Header.Values("Vary"), "Accept-Encoding") {
		return
	}
	if res.Header == nil {
		res.Header = make(http.Header, 1)
	}
	httpheader.AddVary(res.Header, "Accept-Encoding")
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
	if httpheader.HasDirective(res.Header.Values("Cache-Control"), "no-transform") {
		return false
	}
	return !c.skip.has(res.ContentType())
}
