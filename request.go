package iron

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
)

// Request is an HTTP request as Iron handlers see it. Its parsed views are
// computed on first use and cached for the rest of the request.
//
// A Request is owned by one goroutine at a time and is not safe for
// concurrent use. Strings and values it returns stay valid after the request
// ends; the Request itself must not be used then.
type Request struct {
	in       Incoming
	path     string // escaped path, as the rest of the chain sees it
	rawQuery string

	decodedPath string
	decoded     bool
	url         *url.URL
	query       url.Values
	header      http.Header
	ctx         context.Context

	ext   extensions
	owned *ownedStorage // the response storage of Own, made on first use
}

func (r *Request) extensions(bool) *extensions { return &r.ext }

// reset prepares r to serve the request in. It forgets every cached view,
// extension value and owned response of the previous request; with a nil
// in, r keeps nothing of the previous request. See [Slot.Reset].
func (r *Request) reset(in *Incoming) {
	r.ext.clear()
	if r.owned != nil {
		r.owned.reset()
	}
	// The cached views are cleared only when set: a request that used none
	// of them costs no stores (and, while the collector marks, no write
	// barriers). TestResetForgetsEverything keeps this list whole.
	if r.decoded {
		r.decodedPath, r.decoded = "", false
	}
	if r.url != nil {
		r.url = nil
	}
	if r.query != nil {
		r.query = nil
	}
	if r.header != nil {
		r.header = nil
	}
	if r.ctx != nil {
		r.ctx = nil
	}
	if in == nil {
		r.in = Incoming{}
		r.path, r.rawQuery = "", ""
		return
	}
	r.in = *in
	r.path, r.rawQuery = splitTarget(in.Target)
}

// splitTarget returns the escaped path and the raw query of a request-target
// (RFC 9112 section 3.2).
func splitTarget(target string) (path, query string) {
	if target != "" && target[0] == '/' {
		// origin-form, as nearly every request is: no scheme to look for.
		path, query, _ = strings.Cut(target, "?")
		return path, query
	}
	if i := strings.Index(target, "://"); i > 0 {
		rest := target[i+3:]
		j := strings.IndexAny(rest, "/?")
		if j < 0 {
			return "/", ""
		}
		target = rest[j:]
		if target[0] == '?' {
			target = "/" + target
		}
	}
	path, query, _ = strings.Cut(target, "?")
	return path, query
}

// Method returns the request method, such as "GET".
func (r *Request) Method() string { return r.in.Method }

// Proto returns the protocol version, such as "HTTP/1.1".
func (r *Request) Proto() string { return r.in.Proto }

// RequestURI returns the request-target exactly as the client sent it.
func (r *Request) RequestURI() string { return r.in.Target }

// Host returns the host (and port, if given) the request is addressed to.
func (r *Request) Host() string { return r.in.Host }

// Scheme returns "https" for a request that came over TLS, else "http".
func (r *Request) Scheme() string {
	if r.in.TLS != nil {
		return "https"
	}
	return "http"
}

// EscapedPath returns the request path as sent, percent-encoding intact.
// Routers match on it so that an encoded slash ("%2F") stays inside its
// segment.
func (r *Request) EscapedPath() string { return r.path }

// Path returns the decoded request path. A path whose percent-encoding is
// malformed is returned as sent.
func (r *Request) Path() string {
	if !r.decoded {
		r.decodedPath = r.path
		if strings.IndexByte(r.path, '%') >= 0 {
			if p, err := url.PathUnescape(r.path); err == nil {
				r.decodedPath = p
			}
		}
		r.decoded = true
	}
	return r.decodedPath
}

// SetPath replaces the escaped path that the rest of the chain sees, as a
// mount does for the handler under its prefix. RequestURI keeps the original.
func (r *Request) SetPath(escaped string) {
	r.path = escaped
	r.decoded = false
	r.url = nil
}

// OriginalPath returns the escaped path of the request-target as the client
// sent it: unlike [Request.EscapedPath], it never changes when a mount strips
// a prefix, so links and redirects can be built from it.
func (r *Request) OriginalPath() string {
	path, _ := splitTarget(r.in.Target)
	return path
}

// RawQuery returns the query string without its '?', still encoded.
func (r *Request) RawQuery() string { return r.rawQuery }

// Query returns the parsed query string; an absent or empty query is an empty,
// non-nil map. Malformed pairs are skipped. The map is cached for the
// request: change a copy.
func (r *Request) Query() url.Values {
	if r.query == nil {
		r.query, _ = url.ParseQuery(r.rawQuery)
	}
	return r.query
}

// URL returns the request URL: scheme, host, path (as [Request.EscapedPath]
// sees it) and query. It is cached for the request: treat it as read-only.
func (r *Request) URL() *url.URL {
	if r.url == nil {
		u := &url.URL{Scheme: r.Scheme(), Host: r.in.Host, Path: r.Path(), RawQuery: r.rawQuery}
		if u.EscapedPath() != r.path {
			u.RawPath = r.path
		}
		r.url = u
	}
	return r.url
}

// HeaderValue returns the first value of the named header (case-insensitive),
// or "" when there is none. It builds no map.
func (r *Request) HeaderValue(name string) string {
	if r.header != nil {
		return r.header.Get(name)
	}
	for _, f := range r.in.Header {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// HeaderValues returns every value of the named header (case-insensitive),
// in the order received, or nil when there is none. A list-valued header
// (Accept-Encoding, If-None-Match) may come in several lines: read it with
// HeaderValues, not HeaderValue.
func (r *Request) HeaderValues(name string) []string {
	if r.header != nil {
		return r.header.Values(name)
	}
	var vs []string
	for _, f := range r.in.Header {
		if strings.EqualFold(f.Name, name) {
			vs = append(vs, f.Value)
		}
	}
	return vs
}

// Header returns all request headers, keyed by canonical name. The map is
// built on the first call and is the request's headers from then on: changes
// to it are seen by later middleware and by [Request.HeaderValue].
func (r *Request) Header() http.Header {
	if r.header == nil {
		h := make(http.Header, len(r.in.Header))
		for _, f := range r.in.Header {
			k := textproto.CanonicalMIMEHeaderKey(f.Name)
			h[k] = append(h[k], f.Value)
		}
		r.header = h
	}
	return r.header
}

// ContentLength returns the declared body length, or -1 when it is unknown
// (a chunked body).
func (r *Request) ContentLength() int64 { return r.in.ContentLength }

// Body returns the request body. Reads stop at the server's body limit with
// an error that says so. A request without a body reads as empty.
func (r *Request) Body() io.Reader {
	if r.in.Body == nil {
		return http.NoBody
	}
	return r.in.Body
}

// Trailer returns the trailer fields sent after a chunked request body. They
// are known only once [Request.Body] has been read to its end; before that,
// and for a request without trailers, Trailer returns nil.
func (r *Request) Trailer() http.Header {
	if r.in.Trailer == nil {
		return nil
	}
	return r.in.Trailer()
}

// SetBody replaces the body later middleware and the handler read, as a
// decompressing or body-caching middleware does.
func (r *Request) SetBody(body io.Reader) { r.in.Body = body }

// RemoteAddr returns the address of the client's end of the connection.
func (r *Request) RemoteAddr() net.Addr { return r.in.RemoteAddr }

// LocalAddr returns the address of the server's end of the connection.
func (r *Request) LocalAddr() net.Addr { return r.in.LocalAddr }

// TLS returns the state of the TLS connection the request came over, or nil.
func (r *Request) TLS() *tls.ConnectionState { return r.in.TLS }

// Context returns the request's context. The engine cancels it when the
// request ends, when the client goes away, or when the handler deadline
// passes (its Deadline reports that deadline).
func (r *Request) Context() context.Context {
	if r.ctx == nil {
		if r.in.NewContext != nil {
			r.ctx = r.in.NewContext()
		} else {
			r.ctx = context.Background()
		}
	}
	return r.ctx
}

// PeekContext returns the request's context if it has been made (by
// [Request.Context]) or set (by [Request.SetContext]), else
// [context.Background]; it never makes one. Use it where a context is only
// passed along, as to a log line, so that a request that never needed its
// context does not pay for one (on the engine: a cancelable context and a
// watch for the client going away).
func (r *Request) PeekContext() context.Context {
	if r.ctx == nil {
		return context.Background()
	}
	return r.ctx
}

// SetContext replaces the request's context for the rest of the chain, as a
// timeout middleware does. It panics on a nil ctx.
func (r *Request) SetContext(ctx context.Context) {
	if ctx == nil {
		panic("iron: SetContext(nil)")
	}
	r.ctx = ctx
}
