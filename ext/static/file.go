package static

import (
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"

	"github.com/iron-go/iron"
)

// File is a handler that serves one file whatever the request path, with
// everything a [Dir] does for a file: content type, validators and 304s,
// ranges, precompressed siblings ("favicon.ico.gz"), GET and HEAD only. A
// File is safe for concurrent use.
type File struct {
	root  *os.Root
	files fileServer
	name  string
}

// NewFile returns a handler serving the regular file at path, configured by
// opts ([Index] and [Dotfiles] do not apply; nil options are skipped). It
// fails when path cannot be opened or is not a regular file; a bad option
// value panics, as in [New]. The file is opened anew for each request, so a deploy that
// replaces it is served at once; its directory stays open until
// [File.Close].
func NewFile(path string, opts ...Option) (*File, error) {
	cfg := newConfig(opts)
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("static: NewFile(%q): %w", path, err)
	}
	fsys := root.FS()
	fi, err := fs.Stat(fsys, name)
	if err == nil && !fi.Mode().IsRegular() {
		err = errNotRegular
	}
	if err != nil {
		root.Close()
		return nil, fmt.Errorf("static: NewFile(%q): %w", path, err)
	}
	return &File{root: root, files: fileServer{fsys: fsys, cfg: cfg}, name: name}, nil
}

// Leaf reports true: a File serves one resource. Package mount reads it
// (mount.Leaf) to mount a File for its own path only, so that a favicon
// mounted at "/favicon.ico" does not also answer "/favicon.ico/x".
// Registered directly as a router's route, a File answers what the route
// matches.
func (f *File) Leaf() bool { return true }

// Close closes the file's directory; the File must not serve requests
// afterwards.
func (f *File) Close() error { return f.root.Close() }

// Handle serves the file. Errors are [*iron.Error]s wrapping [ErrNotFound]
// (the file was removed since), [ErrForbidden] or [ErrMethodNotAllowed].
func (f *File) Handle(req *iron.Request) (*iron.Response, error) {
	if m := req.Method(); m != http.MethodGet && m != http.MethodHead {
		return nil, methodNotAllowed(m)
	}
	return f.files.serveFile(req, f.name, nil)
}

// Version returns the file's version, for a URL that [Versioned] answers as
// immutable: 12 hex digits that change whenever its ETag does.
func (f *File) Version() (string, error) { return f.files.version(f.name) }
