package static

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/accept"
)

// fileServer answers requests with the regular files of one file system;
// [Dir], [File] and [FS] are each one. A Dir's and a File's file system is
// the os.Root they opened (os.Root.FS), so that nothing leaves it; an FS's
// is the application's.
type fileServer struct {
	fsys fs.FS
	cfg  config
	// sums are the content digests of a file system that does not change
	// (see NewFS), by name; nil for the others, whose validators come from
	// each file's modification time and size.
	sums map[string]digest
}

var errNotRegular = errors.New("not a regular file")

// handle serves the file the request path names: a regular file as it is (or
// a precompressed sibling), a directory by its index file, a directory
// without its trailing slash by a redirect. It is the Handle of Dir and FS.
func (s *fileServer) handle(req *iron.Request) (*iron.Response, error) {
	if m := req.Method(); m != http.MethodGet && m != http.MethodHead {
		return nil, methodNotAllowed(m)
	}
	escaped := req.EscapedPath()
	if escaped != "" && escaped[0] != '/' {
		return nil, notFound(fmt.Errorf("request-target %q is not a path", escaped))
	}
	decoded, err := url.PathUnescape(escaped)
	if err != nil {
		return nil, badPath(err)
	}
	name, err := s.cleanName(decoded)
	if err != nil {
		return nil, err
	}
	fi, err := fs.Stat(s.fsys, name)
	if err != nil {
		return nil, fsError(err)
	}
	trailingSlash := strings.HasSuffix(escaped, "/")
	switch {
	case fi.IsDir() && !trailingSlash:
		return redirectToDirectory(req), nil
	case fi.IsDir():
		return s.serveIndex(req, name)
	case trailingSlash:
		return nil, notFound(fmt.Errorf("%s: not a directory", name))
	}
	return s.serveFile(req, name, fi)
}

// serveName answers req with the file name, whatever the request path: the
// ServeFile of Dir and FS.
func (s *fileServer) serveName(req *iron.Request, name string) (*iron.Response, error) {
	if m := req.Method(); m != http.MethodGet && m != http.MethodHead {
		return nil, methodNotAllowed(m)
	}
	clean, err := s.cleanName(name)
	if err != nil {
		return nil, err
	}
	return s.serveFile(req, clean, nil)
}

// cleanName turns a decoded request path into a name in the file system. It
// refuses what has no business in a path to a file: a NUL byte (400), a
// "." or ".." segment, which a browser never sends since it resolves them
// itself (404), and, unless configured otherwise, a dot file (404). What it
// returns is a valid fs.FS name (fs.ValidPath), or a 404: the file system
// then has only its own names to resolve (and an os.Root refuses anything
// else that would leave it, symbolic links included).
func (s *fileServer) cleanName(decoded string) (string, error) {
	if strings.IndexByte(decoded, 0) >= 0 {
		return "", badPath(errors.New("NUL byte in path"))
	}
	for seg := range strings.SplitSeq(decoded, "/") {
		switch {
		case seg == "":
		case seg == "." || seg == "..":
			return "", notFound(fmt.Errorf("dot segment in %q", decoded))
		case seg[0] == '.' && !s.cfg.dotfiles:
			return "", notFound(fmt.Errorf("dot file in %q", decoded))
		}
	}
	// With no dot segments left, Clean only folds repeated slashes.
	name := path.Clean(strings.Trim(decoded, "/"))
	if !fs.ValidPath(name) {
		// What is left is a name that is not UTF-8: no fs.FS has it.
		return "", notFound(fmt.Errorf("%q is not a valid file name", name))
	}
	return name, nil
}

// serveIndex answers req with the first index file of the directory name.
func (s *fileServer) serveIndex(req *iron.Request, dir string) (*iron.Response, error) {
	for _, index := range s.cfg.index {
		name := path.Join(dir, index)
		fi, err := fs.Stat(s.fsys, name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return nil, fsError(err)
		case !fi.Mode().IsRegular():
			continue
		}
		return s.serveFile(req, name, fi)
	}
	return nil, notFound(fmt.Errorf("%s: directory without an index file", dir))
}

// redirectToDirectory redirects to the request's URL with a slash appended
// to its path. The Location is relative ("./docs/" for ".../docs"), so it is
// right whatever prefix mounts or proxies put before the path; the last
// segment comes from the URL the client sent, since under a mount the path
// this handler sees may be empty.
func redirectToDirectory(req *iron.Request) *iron.Response {
	orig := req.OriginalPath()
	loc := "./" + orig[strings.LastIndexByte(orig, '/')+1:] + "/"
	if q := req.RawQuery(); q != "" {
		loc += "?" + q
	}
	return iron.With(http.StatusMovedPermanently, iron.Redirect(loc))
}

// openRegular opens the regular file name. It looks before it opens, so that
// a FIFO or a device under a directory is never opened (an open of a FIFO
// would block until a writer came); fi, when not nil, is what the caller's
// own look found.
func (s *fileServer) openRegular(name string, fi fs.FileInfo) (fs.File, fs.FileInfo, error) {
	if fi == nil {
		var err error
		if fi, err = fs.Stat(s.fsys, name); err != nil {
			return nil, nil, err
		}
	}
	if !fi.Mode().IsRegular() {
		return nil, nil, errNotRegular
	}
	f, err := s.fsys.Open(name)
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
func (s *fileServer) serveFile(req *iron.Request, name string, fi fs.FileInfo) (*iron.Response, error) {
	f, fi, err := s.openRegular(name, fi)
	if err != nil {
		return nil, fsError(err)
	}
	ctype, head := s.contentType(name, f)
	cacheControl := s.cfg.cacheControl
	if s.cfg.versionParam != "" && req.RawQuery() != "" {
		if v := req.Query().Get(s.cfg.versionParam); v != "" && v == s.validators(name, fi, "").version() {
			cacheControl = immutable
		}
	}
	encoding := ""
	if s.cfg.precompressed {
		// Best first; a coding weighed below identity, the file as it is,
		// is not among them.
		var buf [len(codings)]int
		for _, i := range accept.Encodings(buf[:0], req.HeaderValues("Accept-Encoding"), codingNames[:]) {
			c := codings[i]
			sibling := name + c.suffix
			if cf, cfi, err := s.openRegular(sibling, nil); err == nil {
				f.Close()
				f, fi, encoding, head, name = cf, cfi, c.name, nil, sibling
				break
			}
		}
	}

	v := s.validators(name, fi, encoding)
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
	if cacheControl != "" {
		set("Cache-Control", cacheControl)
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
	size := fi.Size()
	// Ranges are read at positions, which every file of a directory and of
	// an embed.FS allows; a file system whose files only read in order
	// (a zip archive's compressed members) sends them whole.
	if ra, ok := f.(io.ReaderAt); ok {
		set("Accept-Ranges", "bytes")
		// Ranges are defined for GET only (RFC 9110 section 14.2); a HEAD
		// gets the headers of the whole file.
		if rh := req.HeaderValue("Range"); rh != "" && req.Method() == http.MethodGet && rangeApplies(req, v) {
			ranges, err := parseRange(rh, size)
			switch {
			case err != nil:
				return unsatisfiable(res, f, size), nil
			case len(ranges) == 1:
				return singleRange(res, f, ra, size, ranges[0])
			case len(ranges) > 1:
				return multipleRanges(res, f, ra, size, ranges), nil
			}
		}
	}
	res.Status = http.StatusOK
	// The server closes the file once the response is sent, and can
	// sendfile(2) an *os.File.
	var body io.Reader = f
	if head != nil {
		// Sniffing read the first bytes of a file that cannot go back.
		body = readCloser{io.MultiReader(bytes.NewReader(head), f), f}
	}
	res.SetBody(iron.ReaderBody(body, size))
	return res, nil
}
