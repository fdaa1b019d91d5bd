package static

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/iron-go/iron"
)

// FS is a handler that serves the files of an [fs.FS], such as an
// [embed.FS] built into the binary, as [Dir] serves a directory: index
// files, redirects, validators and conditional requests, ranges, content
// types, precompressed siblings, dot files hidden. An FS is safe for
// concurrent use when its file system is, as embed.FS and os.DirFS are.
type FS struct {
	files fileServer
}

// NewFS returns a handler serving the files of fsys, configured by opts (nil
// options are skipped; a bad value panics, as in [New], before fsys is
// read). A nil fsys panics.
//
// The request path, percent-decoded and checked as [Dir] checks it, is a
// name in fsys: a valid [fs.ValidPath] name, or a 404. fsys resolves it, and
// what it serves is fsys's to say: an embed.FS or an fs.Sub of one has
// nothing outside it, but [os.DirFS] follows symbolic links out of its
// directory: serve a directory with [New], whose [os.Root] does not.
//
// A file system whose root directory has no modification time (an embed.FS,
// an fs.Sub of one, a testing/fstest.MapFS without one) is taken never to
// change: NewFS reads each of its regular files once, and a file's ETag is
// the SHA-256 of its content, strong, the same on every instance that
// serves the same build. Any other file system is read as a directory is:
// each file's ETag comes from its modification time and size when it is
// served. Either way a file with a modification time gets Last-Modified.
//
// The error is that of reading fsys: its root is not a directory, or a file
// could not be read for its digest.
func NewFS(fsys fs.FS, opts ...Option) (*FS, error) {
	cfg := newConfig(opts)
	if fsys == nil {
		panic(errors.New("static: NewFS(nil): a file system is required"))
	}
	root, err := fs.Stat(fsys, ".")
	if err == nil && !root.IsDir() {
		err = errors.New("its root is not a directory")
	}
	if err != nil {
		return nil, fmt.Errorf("static: NewFS: %w", err)
	}
	s := &FS{files: fileServer{fsys: fsys, cfg: cfg}}
	if root.ModTime().IsZero() {
		if s.files.sums, err = digestAll(fsys); err != nil {
			return nil, fmt.Errorf("static: NewFS: %w", err)
		}
	}
	return s, nil
}

// Handle serves the file the request path names, as [Dir.Handle] does.
// Errors are [*iron.Error]s wrapping [ErrNotFound], [ErrForbidden],
// [ErrBadPath] or [ErrMethodNotAllowed].
func (s *FS) Handle(req *iron.Request) (*iron.Response, error) { return s.files.handle(req) }

// ServeFile answers req with the file name of the file system, whatever the
// request path, as [Dir.ServeFile] does: name is slash-separated, not
// percent-encoded, and checked as a request path is. A directory is a 404.
func (s *FS) ServeFile(req *iron.Request, name string) (*iron.Response, error) {
	return s.files.serveName(req, name)
}

// Version returns the version of the file name, for a URL that [Versioned]
// answers as immutable: 12 hex digits that change whenever the file's ETag
// does. For a file system that never changes it was computed by NewFS, and
// costs a map lookup; otherwise the file is looked up. name is checked as
// in [FS.ServeFile]; the error is an [*iron.Error] wrapping [ErrNotFound]
// (no such regular file), [ErrForbidden] or [ErrBadPath].
//
// A page links a file as "/static/app.js?v=" + version: see [Versioned].
func (s *FS) Version(name string) (string, error) { return s.files.version(name) }

// digest is what NewFS computed of a file that never changes.
type digest struct {
	etag    string // the SHA-256 of the content, in hex, quoted
	version string // versionOf(etag)
}

// digestAll reads every regular file of fsys once.
func digestAll(fsys fs.FS) (map[string]digest, error) {
	sums := make(map[string]digest)
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		f, err := fsys.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		h := sha256.New()
		if _, err := io.Copy(h, f); err != nil {
			return fmt.Errorf("reading %s: %w", name, err)
		}
		etag := `"` + hex.EncodeToString(h.Sum(nil)) + `"`
		sums[name] = digest{etag: etag, version: versionOf(etag)}
		return nil
	})
	return sums, err
}
