package static

import (
	"errors"
	"net/http"
	"os"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/accept"
)

// fileServer answers requests with the regular files under one root; [Dir]
// and [File] are both one.
type fileServer struct {
	root *os.Root
	cfg  config
}

var errNotRegular = errors.New("not a regular file")

// openRegular opens the regular file name of the root. It looks before it
// opens, so that a FIFO or a device left under the root is never opened (an
// open of a FIFO would block until a writer came); fi, when not nil, is what
// the caller's own look found.
func (s *fileServer) openRegular(name string, fi os.FileInfo) (*os.File, os.FileInfo, error) {
	if fi == nil {
		var err error
		if fi, err = s.root.Stat(name); err != nil {
			return nil, nil, err
		}
	}
	if !fi.Mode().IsRegular() {
		return nil, nil, errNotRegular
	}
	f, err := s.root.Open(name)
	if err != nil {
		return nil, nil, err
	}
	// The file may have been replaced between Stat and Open: what counts is
	// what was opened.
	if fi, err = f.Stat(); err != nil || !fi.Mode().IsRegular() {
		f.Close()
		if err == nil {
			err = errNotRegular
		}
		return nil, nil, err
	}
	return f, fi, nil
}

// serveFile answers req with the regular file name (slash-separated, already
// checked by cleanName), or with a precompressed sibling of it. fi is the
// file's information when the caller has it already, else nil.
func (s *fileServer) serveFile(req *iron.Request, name string, fi os.FileInfo) (*iron.Response, error) {
	f, fi, err := s.openRegular(name, fi)
	if err != nil {
		return nil, fsError(err)
	}
	ctype := s.contentType(name, f)
	encoding := ""
	if s.cfg.precompressed {
		// Best first; a coding weighed below identity, the file as it is,
		// is not among them.
		var buf [len(codings)]int
		for _, i := range accept.Encodings(buf[:0], req.HeaderValues("Accept-Encoding"), codingNames[:]) {
			c := codings[i]
			if cf, cfi, err := s.openRegular(name+c.suffix, nil); err == nil {
				f.Close()
				f, fi, encoding = cf, cfi, c.name
				break
			}
		}
	}

	v := validatorsOf(fi, encoding)
	h := make(http.Header, 8)
	// One array backs every header value; each value's capacity ends at its
	// own element, so that an Add by later middleware copies, never clobbers.
	vals := make([]string, 0, 7)
	set := func(name, value string) {
		vals = append(vals, value)
		h[name] = vals[len(vals)-1 : len(vals) : len(vals)]
	}
	set("Etag", v.etag)
	if !v.modTime.IsZero() {
		set("Last-Modified", v.modTime.UTC().Format(http.TimeFormat))
	}
	if s.cfg.cacheControl != "" {
		set("Cache-Control", s.cfg.cacheControl)
	}
	if s.cfg.precompressed {
		set("Vary", "Accept-Encoding")
	}
	res := &iron.Response{Header: h}

	switch precondition(req, v) {
	case http.StatusNotModified:
		f.Close()
		res.Status = http.StatusNotModified
		return res, nil
	case http.StatusPreconditionFailed:
		f.Close()
		// Not the file: no cache may keep it in the file's place.
		delete(h, "Cache-Control")
		res.Status = http.StatusPreconditionFailed
		return res.Set(iron.TextPlain, http.StatusText(http.StatusPreconditionFailed)), nil
	}

	if ctype != "" {
		set("Content-Type", ctype)
	}
	if encoding != "" {
		set("Content-Encoding", encoding)
	}
	set("Accept-Ranges", "bytes")
	size := fi.Size()
	// Ranges are defined for GET only (RFC 9110 section 14.2); a HEAD gets
	// the headers of the whole file.
	if rh := req.HeaderValue("Range"); rh != "" && req.Method() == http.MethodGet && rangeApplies(req, v) {
		ranges, err := parseRange(rh, size)
		switch {
		case err != nil:
			return unsatisfiable(res, f, size), nil
		case len(ranges) == 1:
			return singleRange(res, f, size, ranges[0])
		case len(ranges) > 1:
			return multipleRanges(res, f, size, ranges), nil
		}
	}
	res.Status = http.StatusOK
	// The server closes f once the response is sent, and can sendfile(2) it.
	res.SetBody(iron.ReaderBody(f, size))
	return res, nil
}
