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
// A Response made by a handler is the handler's own value: servers only read
// it, so a handler may keep one (a package-level not-found response, say) and
// return it again and again, from many requests at once. Middleware must
// therefore never change a response it did not make: an after middleware
// that adds a header works on [Response.Clone] and returns the clone.
type Response struct {
	// Status is the status code; 0 means 404.
	Status int
	// Header holds the response headers. It is nil until a header is set:
	// reading a nil http.Header is safe, and SetHeader and AddHeader create it.
	// A content type set with the [ContentType] modifier on a response whose
	// Header has no Content-Type is kept outside the map, so that the common
	// response costs no map: read it with [Response.ContentType]. A
	// Content-Type in Header always wins.
	Header http.Header
	// Trailer holds trailers sent after a body of unknown length (chunked).
	// A streaming body may fill it while it writes.
	Trailer http.Header

	contentType string      // set by the ContentType modifier while Header has none
	body        Body        // the zero Body: none
	ext         *extensions // nil until a value is set
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
func (r *Response) SetHeader(name, value string) {
	if r.Header == nil {
		r.Header = make(http.Header)
	}
	r.Header.Set(name, value)
}

// AddHeader adds value to the named header.
func (r *Response) AddHeader(name, value string) {
	if r.Header == nil {
		r.Header = make(http.Header)
	}
	r.Header.Add(name, value)
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
	if ct := r.Header.Get("Content-Type"); ct != "" {
		return ct
	}
	return r.contentType
}

// Clone returns a copy of r that can be changed without touching r: its
// Header, Trailer and extensions are copied, and its body refers to the same
// content.
func (r *Response) Clone() *Response {
	c := &Response{
		Status:      r.Status,
		Header:      r.Header.Clone(),
		Trailer:     r.Trailer.Clone(),
		contentType: r.contentType,
		body:        r.body,
	}
	if r.ext != nil {
		r.ext.copyTo(c.extensions(true))
	}
	return c
}
