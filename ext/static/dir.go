package static

import (
	"fmt"
	"os"

	"github.com/iron-go/iron"
)

// Dir is a handler that serves the files under a directory, the root: the
// request path, percent-decoded, names a file relative to it. Nothing
// outside the root is ever served, whatever the path or the symbolic links
// under the root say (see the package documentation). A Dir is safe for
// concurrent use.
type Dir struct {
	root  *os.Root
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
	return &Dir{root: root, files: fileServer{fsys: root.FS(), cfg: cfg}}, nil
}

// Close closes the directory; the Dir must not serve requests afterwards.
func (d *Dir) Close() error { return d.root.Close() }

// Handle serves the file the request path names: a regular file as it is (or
// a precompressed sibling), a directory by its index file. A directory asked
// for without its trailing slash is redirected, relative to the URL the
// client sent, to the same path with one, so that relative links in its
// index resolve under it (and the redirect stays right under a mount).
// Errors are [*iron.Error]s wrapping [ErrNotFound], [ErrForbidden],
// [ErrBadPath] or [ErrMethodNotAllowed].
func (d *Dir) Handle(req *iron.Request) (*iron.Response, error) { return d.files.handle(req) }

// ServeFile answers req with the file name under the root, whatever the
// request path: the send-file of a handler that chose the file itself (the
// index of a single-page application for any unknown path, a download named
// by a route parameter). name is slash-separated and not percent-encoded; it
// is checked as a request path is, so a name taken from the request cannot
// leave the root either. A directory is a 404.
func (d *Dir) ServeFile(req *iron.Request, name string) (*iron.Response, error) {
	return d.files.serveName(req, name)
}

// Version returns the version of the file name under the root, for a URL
// that [Versioned] answers as immutable: 12 hex digits that change whenever
// the file's ETag does (a deploy that rewrites it). name is checked as in
// [Dir.ServeFile]; the error is an [*iron.Error] wrapping [ErrNotFound]
// (no such regular file), [ErrForbidden] or [ErrBadPath]. It looks the file
// up on each call.
func (d *Dir) Version(name string) (string, error) { return d.files.version(name) }
