package iron

import (
	"net/http"
	"reflect"
)

// Own returns a response that belongs to req, with the content of res, for
// a chain to hand to middleware that may change it in place: res itself when
// it is req's own already, else a copy of res in storage that req reuses
// from one request to the next. A nil res gives the empty 404 a server sends
// for nil.
//
// The copy has res's status, body (the same content), content type,
// extension values and connection takeover ([Upgrade], [Hijack]), the same
// Trailer map (trailers travel with the body, see
// [Response.Trailer]), and a header map of its own, which is never nil, whose
// value slices are copies too: nothing done to the copy (Set, Add, Del, an
// append to a value slice, an assignment to one of its elements) reaches res,
// which may be a response that many requests share. Copying allocates nothing
// once req's storage has served a request with as many header values (within
// the bounds the package doc states), and neither do [Response.SetHeader]
// and [Response.AddHeader] on the copy.
//
// A request has one such storage: owning another response replaces the
// copy, in the same *Response. The copy is valid until req ends: a server that reuses req resets its
// storage for the next request ([Slot.Reset]), after it has written the
// response. To keep a response longer (a cache), keep a [Response.Clone].
//
// Package chain calls Own before each after middleware and on what the
// handler inside each around returns, so middleware linked to a chain never
// needs it. Another resolution algorithm calls it wherever it hands a
// response to middleware; an around used outside a chain (wrapping a whole
// chain, say) calls it on what next returned before changing it. Like req,
// Own is not safe for concurrent use.
func Own(req *Request, res *Response) *Response {
	o := req.owned
	if o == nil {
		o = newOwnedStorage()
		req.owned = o
	}
	if res == &o.res {
		return res
	}
	o.copyFrom(res)
	return &o.res
}

// Bounds of the response storage a request keeps for the next one: past
// them, what a large response grew is dropped rather than kept.
const (
	maxKeptHeaderKeys = 64
	maxKeptValues     = 256
)

// ownedStorage is the response a request owns: the storage [Own] copies
// into, kept from one request to the next.
type ownedStorage struct {
	res Response
	// maps are the header maps res.Header takes turns with: a response to
	// copy may share one (a middleware returned a shallow copy of res), and
	// the copy goes to the other. Only these are cleared and reused; a map
	// that middleware assigned to res.Header is never touched.
	maps   [2]http.Header
	values valueArena
	ext    extensions
	dirty  bool // res holds a copy since the last reset
}

func newOwnedStorage() *ownedStorage {
	o := new(ownedStorage)
	o.res.values = &o.values
	o.res.ext = &o.ext
	return o
}

// copyFrom makes o.res a copy of src (nil: an empty response).
func (o *ownedStorage) copyFrom(src *Response) {
	o.dirty = true
	dst := &o.res
	var from http.Header
	if src != nil {
		from = src.Header
	}
	i := 0
	if sameMap(from, o.maps[0]) {
		i = 1
	}
	h := o.maps[i]
	if h == nil {
		h = make(http.Header, max(len(from), 8))
		o.maps[i] = h
	} else if len(h) > 0 {
		clear(h)
	}
	if len(from) > 0 {
		for name, vs := range from {
			h[name] = o.values.copyOf(vs)
		}
	}
	dst.Header = h
	if src == nil {
		dst.Status, dst.Trailer, dst.contentType, dst.body, dst.takeover = 0, nil, "", Body{}, takeover{}
		o.ext.clear()
		return
	}
	dst.Status, dst.Trailer, dst.contentType, dst.body = src.Status, src.Trailer, src.contentType, src.body
	dst.takeover = src.takeover
	if src.ext != &o.ext { // else src is a shallow copy of o.res: its values are o's
		o.ext.clear()
		if src.ext != nil {
			src.ext.copyTo(&o.ext)
		}
	}
}

// reset forgets the response of the request that ended, keeping the storage
// within its bounds.
func (o *ownedStorage) reset() {
	if !o.dirty {
		return
	}
	o.dirty = false
	o.res = Response{values: &o.values, ext: &o.ext}
	for i, h := range o.maps {
		switch {
		case len(h) > maxKeptHeaderKeys:
			o.maps[i] = nil // maps never shrink: drop one a large response grew
		case len(h) > 0:
			clear(h)
		}
	}
	o.values.reset()
	o.ext.clear()
}

// sameMap reports whether a and b are the same (non-nil) map.
func sameMap(a, b http.Header) bool {
	if a == nil || b == nil {
		return false
	}
	return reflect.ValueOf(a).Pointer() == reflect.ValueOf(b).Pointer()
}

// valueArena hands out header value slices cut from one backing array that a
// request reuses. While a request runs it only appends, so it never writes a
// slice it handed out again. Each slice has one spare slot of capacity, its
// own, so that one append to it ([http.Header.Add]) writes that slot rather
// than allocate; a second append copies, as with any full slice.
type valueArena struct{ vals []string }

// copyOf returns a copy of vs.
func (a *valueArena) copyOf(vs []string) []string {
	a.prealloc(len(vs) + 1)
	n := len(a.vals)
	a.vals = append(a.vals, vs...)
	a.vals = append(a.vals, "")
	return a.vals[n : n+len(vs) : n+len(vs)+1]
}

// one returns a slice of the single value v.
func (a *valueArena) one(v string) []string {
	a.prealloc(2)
	n := len(a.vals)
	a.vals = append(a.vals, v, "")
	return a.vals[n : n+1 : n+2]
}

// extend returns a copy of vs with v appended.
func (a *valueArena) extend(vs []string, v string) []string {
	a.prealloc(len(vs) + 2)
	n := len(a.vals)
	a.vals = append(a.vals, vs...)
	a.vals = append(a.vals, v, "")
	return a.vals[n : n+len(vs)+1 : n+len(vs)+2]
}

// prealloc gives a new arena room for a typical response (and at least n
// values), so that the first requests do not grow it step by step.
func (a *valueArena) prealloc(n int) {
	if a.vals == nil {
		a.vals = make([]string, 0, max(n, 32))
	}
}

// reset forgets every value, keeping the array unless a large response grew
// it past maxKeptValues.
func (a *valueArena) reset() {
	switch {
	case cap(a.vals) > maxKeptValues:
		a.vals = nil
	case len(a.vals) > 0:
		clear(a.vals)
		a.vals = a.vals[:0]
	}
}
