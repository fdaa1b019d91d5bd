package mount

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/sentinel"
)

// ErrNoMatch is wrapped by the error a [Mount] returns for a request path
// that no mounted prefix matches. It wraps [iron.ErrNotFound], so that a
// catcher of every 404 catches it too.
var ErrNoMatch = sentinel.Wrap("mount: no handler mounted for path", iron.ErrNotFound)

// Mount is a handler that dispatches each request to the handler mounted
// under the longest prefix of its path. Mount every handler before the
// first request: mounting afterwards panics, so the table never changes
// under load. Handle is then safe for concurrent use.
type Mount struct {
	root   node
	sealed atomic.Bool
}

// node is one segment of a prefix in a trie keyed by decoded segments.
type node struct {
	children map[string]*node
	handler  iron.Handler
	exact    bool   // the handler answers the prefix itself only
	prefix   string // as mounted, for messages
}

// Leaf is implemented by a handler that serves one resource rather than a
// tree of paths, such as static.File. [Mount.Mount] mounts a handler whose
// Leaf method returns true as [Mount.Exact] does: at "/favicon.ico" it
// answers "/favicon.ico", and "/favicon.ico/x" goes to a shorter prefix, or
// is a 404, as if it were not mounted. A handler that wraps another (a
// chain) is no Leaf unless it says so: mount it with Exact.
type Leaf interface {
	iron.Handler
	// Leaf reports whether the handler serves one resource only.
	Leaf() bool
}

// New returns a Mount with nothing mounted: every request gets a 404 until
// handlers are mounted.
func New() *Mount { return new(Mount) }

// Mount mounts h under prefix and returns m, so that calls chain. prefix is
// a URL path starting with "/", percent-encoding allowed; a trailing slash
// does not matter, and "/" mounts h for every path no longer prefix
// matches. A [Leaf] handler (a single file) is mounted as [Mount.Exact]
// mounts it, for the prefix itself only. Mount panics on a nil handler, a
// malformed prefix, a prefix already mounted (naming both), and once m has
// served a request.
func (m *Mount) Mount(prefix string, h iron.Handler) *Mount {
	l, ok := h.(Leaf)
	return m.add("Mount", prefix, h, ok && l.Leaf())
}

// Exact mounts h for the path itself and nothing below it, and returns m:
// for one resource such as "/robots.txt" or "/favicon.ico", which must not
// answer "/robots.txt/x" or "/robots.txt/". Such a request goes to the
// handler of the next shorter prefix (or is a 404), while longer prefixes
// mounted below path still apply. path is compared as a prefix is
// (percent-decoded segments; a trailing slash in path does not matter), and
// h sees it as a mounted handler sees its prefix: stripped, so with an empty
// path (the root "/" is handed on as it is). Exact panics as [Mount.Mount]
// does.
func (m *Mount) Exact(path string, h iron.Handler) *Mount {
	return m.add("Exact", path, h, true)
}

// add mounts h under prefix for Mount and Exact, which name themselves in
// panics as method.
func (m *Mount) add(method, prefix string, h iron.Handler, exact bool) *Mount {
	if m.sealed.Load() {
		panic(fmt.Sprintf("mount: %s(%q) after the first request", method, prefix))
	}
	if h == nil {
		panic(fmt.Sprintf("mount: %s(%q): nil handler", method, prefix))
	}
	segs, err := splitPrefix(prefix)
	if err != nil {
		panic(fmt.Sprintf("mount: %s(%q): %v", method, prefix, err))
	}
	n := &m.root
	for _, s := range segs {
		child := n.children[s]
		if child == nil {
			if n.children == nil {
				n.children = make(map[string]*node)
			}
			child = new(node)
			n.children[s] = child
		}
		n = child
	}
	if n.handler != nil {
		panic(fmt.Sprintf("mount: %s(%q): prefix already mounted as %q", method, prefix, n.prefix))
	}
	n.handler, n.exact, n.prefix = h, exact, prefix
	return m
}

// splitPrefix returns the decoded segments of a prefix; "/" has none.
func splitPrefix(prefix string) ([]string, error) {
	if !strings.HasPrefix(prefix, "/") {
		return nil, errors.New("prefix must start with /")
	}
	trimmed := strings.TrimSuffix(prefix[1:], "/")
	if trimmed == "" {
		return nil, nil
	}
	var segs []string
	for s := range strings.SplitSeq(trimmed, "/") {
		dec, err := url.PathUnescape(s)
		switch {
		case err != nil:
			return nil, fmt.Errorf("segment %q: %v", s, err)
		case dec == "":
			return nil, errors.New("empty segment")
		case dec == "." || dec == "..":
			return nil, fmt.Errorf("dot segment %q", s)
		}
		segs = append(segs, dec)
	}
	return segs, nil
}

// Handle runs the handler mounted under the longest prefix of the request
// path, with that prefix stripped, and restores the path when it returns.
func (m *Mount) Handle(req *iron.Request) (*iron.Response, error) {
	if !m.sealed.Load() {
		m.sealed.Store(true)
	}
	path := req.EscapedPath()
	h, end := m.match(path)
	if h == nil {
		return nil, iron.NewError(fmt.Errorf("%w: %q", ErrNoMatch, path),
			http.StatusNotFound, http.StatusText(http.StatusNotFound))
	}
	if end == 0 {
		return h.Handle(req)
	}
	// Restored by defer so that middleware recovering from a panic in h
	// still sees the path the request came with.
	defer req.SetPath(path)
	req.SetPath(path[end:])
	return h.Handle(req)
}

// match returns the handler of the longest prefix of the escaped path and
// the length of the part of path that prefix covers. An exact handler counts
// only where its prefix covers the whole path.
func (m *Mount) match(path string) (iron.Handler, int) {
	n := &m.root
	var best iron.Handler
	if !n.exact || path == "/" || path == "" {
		best = n.handler
	}
	bestEnd := 0
	if !strings.HasPrefix(path, "/") {
		return best, 0
	}
	// i is the index of the slash that opens the current segment.
	for i := 0; i < len(path) && n.children != nil; {
		end := len(path)
		if j := strings.IndexByte(path[i+1:], '/'); j >= 0 {
			end = i + 1 + j
		}
		seg := path[i+1 : end]
		if strings.IndexByte(seg, '%') >= 0 {
			dec, err := url.PathUnescape(seg)
			if err != nil {
				break
			}
			seg = dec
		}
		child := n.children[seg]
		if child == nil {
			break
		}
		n = child
		if n.handler != nil && (!n.exact || end == len(path)) {
			best, bestEnd = n.handler, end
		}
		i = end
	}
	return best, bestEnd
}
