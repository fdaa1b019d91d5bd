package static

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path"
	"strings"

	"github.com/iron-go/iron"
)

// Dir is a handler that serves the files under a directory, the root: the
// request path, percent-decoded, names a file relative to it. Nothing
// outside the root is ever served, whatever the path or the symbolic links
// under the root say (see the package documentation). A Dir is safe for
// concurrent use.
type Dir struct {
	files fileServer
}

// New returns a handler serving the directory dir, configured by opts (nil
// options are skipped). It opens dir, so that a wrong path fails at start-up
// rather than on every request, and keeps it open until [Dir.Close]: a Dir
// serves the directory it opened even if it is renamed. The error is that of
// opening dir, and only that: a bad option value panics, with an error
// naming the option and the value, before dir is opened.
func New(dir string, opts ...Option) (*Dir, error) {
	cfg := newConfig(opts)
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("static: New(%q): %w", dir, err)
	}
	return &Dir{files: fileServer{root: root, cfg: cfg}}, nil
}

// Close closes the directory; the Dir must not serve requests afterwards.
func (d *Dir) Close() error { return d.files.root.Close() }

// Handle serves the file the request path names: a regular file as it is (or
// a precompressed sibling), a directory by its index file. A directory asked
// for without its trailing slash is redirected, relative to the URL the
// client sent, to the same path with one, so that relative links in its
// index resolve under it (and the redirect stays right under a mount).
// Errors are [*iron.Error]s wrapping [ErrNotFound], [ErrForbidden],
// [ErrBadPath] or [ErrMethodNotAllowed].
func (d *Dir) Handle(req *iron.Request) (*iron.Response, error) {
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
	name, err := d.files.cleanName(decoded)
	if err != nil {
		return nil, err
	}
	fi, err := d.files.root.Stat(name)
	if err != nil {
		return nil, fsError(err)
	}
	trailingSlash := strings.HasSuffix(escaped, "/")
	switch {
	case fi.IsDir() && !trailingSlash:
		return redirectToDirectory(req), nil
	case fi.IsDir():
		return d.files.serveIndex(req, name)
	case trailingSlash:
		return nil, notFound(fmt.Errorf("%s: not a directory", name))
	}
	return d.files.serveFile(req, name, fi)
}

// ServeFile answers req with the file name under the root, whatever the
// request path: the send-file of a handler that chose the file itself (the
// index of a single-page application for any unknown path, a download named
// by a route parameter). name is slash-separated and not percent-encoded; it
// is checked as a request path is, so a name taken from the request cannot
// leave the root either. A directory is a 404.
func (d *Dir) ServeFile(req *iron.Request, name string) (*iron.Response, error) {
	if m := req.Method(); m != http.MethodGet && m != http.MethodHead {
		return nil, methodNotAllowed(m)
	}
	clean, err := d.files.cleanName(name)
	if err != nil {
		return nil, err
	}
	return d.files.serveFile(req, clean, nil)
}

// cleanName turns a decoded request path into a name relative to the root.
// It refuses what has no business in a path to a file: a NUL byte (400), a
// "." or ".." segment, which a browser never sends since it resolves them
// itself (404), and, unless configured otherwise, a dot file (404). The root
// refuses anything else that would leave it, symbolic links included.
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
	return path.Clean(strings.Trim(decoded, "/")), nil
}

// serveIndex answers req with the first index file of the directory name.
func (s *fileServer) serveIndex(req *iron.Request, dir string) (*iron.Response, error) {
	for _, index := range s.cfg.index {
		name := path.Join(dir, index)
		fi, err := s.root.Stat(name)
		switch {
		case errors.Is(err, os.ErrNotExist):
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
