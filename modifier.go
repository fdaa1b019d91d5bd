package iron

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
)

// Modifier changes a response; [With] and [Response.Set] apply modifiers in
// order. Extensions define their own (a template, a cache policy).
type Modifier interface {
	Modify(res *Response)
}

// ModifierFunc adapts an ordinary function to a [Modifier].
type ModifierFunc func(res *Response)

// Modify calls f(res).
func (f ModifierFunc) Modify(res *Response) { f(res) }

// With returns a new response with mods applied left to right; where two
// set the same thing, the later wins. Each mod is one of:
//
//   - an int: the status code (100 to 999);
//   - a string or []byte: the body, of known length;
//   - an [*os.File]: the body, its length from Stat and, unless set, the
//     Content-Type from its name's extension; the server closes it;
//   - an [io.Reader]: the body, of known length when the reader has
//     Len() int (bytes.Reader, strings.Reader, bytes.Buffer), else streamed
//     chunked; the server closes it when it is an io.Closer;
//   - a func(io.Writer) error or a [Body]: a streaming or prepared body;
//   - an [http.Header]: each of its keys replaces that header's values;
//   - an [*http.Cookie]: a Set-Cookie header, appended to any others;
//   - a [Modifier] (such as [ContentType] or [Redirect]): whatever it does;
//   - nil: nothing, so optional modifiers can be passed as is.
//
// Any other value is a programming error: With panics naming its type.
func With(mods ...any) *Response {
	r := new(Response)
	r.Set(mods...)
	return r
}

// Set applies mods to r as [With] does, and returns r.
func (r *Response) Set(mods ...any) *Response {
	for _, m := range mods {
		r.apply(m)
	}
	return r
}

func (r *Response) apply(mod any) {
	switch m := mod.(type) {
	case nil:
	case Modifier:
		m.Modify(r)
	case int:
		if m < 100 || m > 999 {
			panic(fmt.Sprintf("iron: With: invalid status code %d", m))
		}
		r.Status = m
	case string:
		r.body = StringBody(m)
	case []byte:
		r.body = BytesBody(m)
	case Body:
		r.body = m
	case *os.File:
		r.setFile(m)
	case io.Reader:
		size := int64(-1)
		if l, ok := m.(interface{ Len() int }); ok {
			size = int64(l.Len())
		}
		r.body = ReaderBody(m, size)
	case func(io.Writer) error:
		r.body = StreamBody(m)
	case http.Header:
		for k, vs := range m {
			if r.Header == nil {
				r.Header = make(http.Header, len(m))
			}
			r.Header[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
		}
	case *http.Cookie:
		v := m.String()
		if v == "" {
			panic(fmt.Sprintf("iron: With: invalid cookie %q", m.Name))
		}
		r.AddHeader("Set-Cookie", v)
	default:
		panic(fmt.Sprintf("iron: With: unsupported modifier of type %T", mod))
	}
}

func (r *Response) setFile(f *os.File) {
	size := int64(-1)
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	r.body = ReaderBody(f, size)
	if r.explicitContentType() == "" {
		if ct := mime.TypeByExtension(filepath.Ext(f.Name())); ct != "" {
			ContentType(ct).Modify(r)
		}
	}
}

// ContentType is a modifier that sets the Content-Type of a response, as
// [Response.ContentType] reports it. When the response's Header has no
// Content-Type it is kept outside the map, so that setting it allocates
// nothing; otherwise it replaces the Header's value.
type ContentType string

// Modify sets res's Content-Type to ct.
func (ct ContentType) Modify(res *Response) {
	if _, ok := res.Header["Content-Type"]; ok {
		res.Header["Content-Type"] = res.single(string(ct))
		return
	}
	res.contentType = string(ct)
}

// Common content types, for use as modifiers.
const (
	TextPlain ContentType = "text/plain; charset=utf-8"
	TextHTML  ContentType = "text/html; charset=utf-8"
	JSON      ContentType = "application/json"
)

// Redirect is a modifier that sets the Location header to the given URL and,
// when no status is set yet, the status to 302 Found. Pass a status too
// (301, 303, 307, 308) to choose another.
type Redirect string

// Modify sets res's Location to the URL and a 302 status when none is set.
func (u Redirect) Modify(res *Response) {
	res.SetHeader("Location", string(u))
	if res.Status == 0 {
		res.Status = http.StatusFound
	}
}
