package iron

import (
	"net/http"
)

// DefaultContentType is the Content-Type a server sends with a body whose
// response sets none.
const DefaultContentType = "text/plain; charset=utf-8"

// Response is what a handler answers. Build one with [With], or as a struct
// literal and modifiers applied with [Response.Set].
//
// Servers write a Response back with Iron's defaults: a zero Status means
// 404 Not Found; a body without a Content-Type header is sent as
// [DefaultContentType]; no body at all means Content-Length: 0.
//
// A Response made by a handler is the handler's own value: servers and
// chains only read it, so a handler may keep one (a package-level not-found
// response, say) and return it again and again, from many requests at once.
// Middleware is never handed such a value: a chain gives every after
// middleware, and every around the response its inner handler returned, the
// request's own copy ([Own]), which it may change in place and return. That
// copy lives in storage the request reuses: it is valid until the request
// ends, and a middleware that keeps a response beyond that (a cache) keeps a
// [Response.Clone].
type Response struct {
	// Status is the status code; 0 means 404.
	Status int
	// Header holds the response headers. On a response made by a handler it
	// may be nil until a header is set: reading a nil http.Header is safe,
	// and SetHeader and AddHeader create it. The response a chain hands to
	// middleware always has a map. A content type set with the
	// [ContentType] modifier on a response whose Header has no Content-Type
	// is kept outside the map, so that the common response costs no map:
	// read it with [Response.ContentType]. A Content-Type in Header always
	// wins.
	Header http.Header
	// Trailer holds trailers sent after a body of unknown length (chunked).
	// Servers read it once the body is written, so a streaming body may
	// fill it while it writes. The trailers are the body's and travel with
	// it: the request's own copy of a response ([Own]) refers to the same
	// Trailer map as the original, as it refers to the same body. A body
	// that fills trailers therefore fills a map made before its response is
	// returned (a map it assigns to the field later is not seen by a copy),
	// and middleware that adds trailers sets a map of its own rather than
	// write into one it did not make.
	Trailer http.Header

	contentType string      // set by the ContentType modifier while Header has none
	body        Body        // the zero Body: none
	values      *valueArena // where SetHeader and AddHeader take value slices from; nil: allocate
	ext         *extensions // nil until a value is set
	takeover    takeover    // set by Upgrade and Hijack
}

func (r *Response) extensions(create bool) *extensions {
	if r.ext == nil && create {
		r.ext = new(extensions)
	}
	return r.ext
}

// Body returns the response body; the zero Body when there is none.
func (r *Response) Body() Body { return r.body }

// SetBody replaces the response body.
func (r *Response) SetBody(b Body) { r.body = b }

// SetHeader sets the named header to value, replacing any values it had.
// On the response a chain hands to middleware it allocates nothing in steady
// state (given a canonical name, such as "X-Frame-Options"): the value's
// slice comes from storage the request reuses. Elsewhere it allocates the
// slice, as [http.Header.Set] does.
func (r *Response) SetHeader(name, value string) {
	if r.Header == nil {
		r.Header = make(http.Header)
	}
	r.Header[http.CanonicalHeaderKey(name)] = r.single(value)
}

// single returns a slice of the one value v: from the request's storage on
// its own response, else a new one.
func (r *Response) single(v string) []string {
	if r.values != nil {
		return r.values.one(v)
	}
	return []string{v}
}

// AddHeader adds value to the named header. On the response a chain hands to
// middleware, adding one value to a header allocates nothing in steady state,
// as with SetHeader.
func (r *Response) AddHeader(name, value string) {
	if r.Header == nil {
		r.Header = make(http.Header)
	}
	key := http.CanonicalHeaderKey(name)
	vs := r.Header[key]
	if r.values != nil && len(vs) == cap(vs) {
		r.Header[key] = r.values.extend(vs, value)
		return
	}
	r.Header[key] = append(vs, value)
}

// StatusCode returns the status a server sends: Status, or 404 when it is 0.
func (r *Response) StatusCode() int {
	if r.Status == 0 {
		return http.StatusNotFound
	}
	return r.Status
}

// ContentType returns the Content-Type a server sends: the Header's value,
// else the one set by the [ContentType] modifier, else [DefaultContentType]
// for a body, else "" for no body.
func (r *Response) ContentType() string {
	if ct := r.explicitContentType(); ct != "" {
		return ct
	}
	if r.body.IsZero() {
		return ""
	}
	return DefaultContentType
}

func (r *Response) explicitContentType() string {
	// A direct lookup: Header.Get would canonicalize a key that already is,
	// on every response.
	if vs := r.Header["Content-Type"]; len(vs) > 0 && vs[0] != "" {
		return vs[0]
	}
	return r.contentType
}

// Clone returns a copy of r that can be changed without touching r, and kept
// for as long as its holder likes: its Header, Trailer and extensions are
// copied, and its body refers to the same content. It allocates; a
// middleware that changes the response it is handed needs no Clone.
func (r *Response) Clone() *Response {
	c := &Response{
		Status:      r.Status,
		Header:      r.Header.Clone(),
		Trailer:     r.Trailer.Clone(),
		contentType: r.contentType,
		body:        r.body,
		takeover:    r.takeover,
	}
	if r.ext != nil {
		r.ext.copyTo(c.extensions(true))
	}
	return c
}
