package params

import (
	"context"
	"errors"
	"net/textproto"
	"os"
	"sync"

	"github.com/iron-go/iron"
)

// File is a file uploaded in a multipart/form-data body, streamed to a
// temporary file as it arrived, never held whole in memory. The temporary
// file is removed when the request ends (see the package doc): a handler
// that needs the content longer copies it, or keeps an *os.File it opened.
type File struct {
	// Name is the file name the client gave, without any directory (as
	// [mime/multipart.Part.FileName] returns it). It is the client's
	// choice: never use it as a path unchecked.
	Name string
	// ContentType is the part's declared Content-Type, "" when none. It is
	// the client's claim, not a check of the content.
	ContentType string
	// Size is the file's length in bytes.
	Size int64
	// Path is where the temporary file is, until the request ends.
	Path string
	// Header holds all the part's headers.
	Header textproto.MIMEHeader
}

// Open opens the uploaded file for reading.
func (f *File) Open() (*os.File, error) { return os.Open(f.Path) }

// ErrRemoved is returned for an upload that arrives after the request's
// files were removed: its context ended (the client went away) while the
// body was still being read.
var ErrRemoved = errors.New("params: the request ended: its uploaded files are removed")

// uploads are the temporary files of one request. Its removal may run on
// another goroutine (the request's context ending) while the body is still
// read: a mutex orders the two.
type uploads struct {
	mu      sync.Mutex
	paths   []string
	removed bool
	stop    func() bool // stops the context.AfterFunc, once removed
}

var uploadsKey = iron.NewKey[*uploads]("params.uploads")

// uploadsOf returns req's uploads, made on the first file: their removal is
// tied to the end of the request's context, which both servers end once
// the answer is written (or when the client goes away first).
func uploadsOf(req *iron.Request) *uploads {
	if u, ok := iron.Get(req, uploadsKey); ok {
		return u
	}
	u := &uploads{}
	u.stop = context.AfterFunc(req.Context(), u.remove)
	iron.Set(req, uploadsKey, u)
	return u
}

// add records a temporary file, or removes it at once when the request's
// files are gone already.
func (u *uploads) add(path string) error {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.removed {
		_ = os.Remove(path)
		return ErrRemoved
	}
	u.paths = append(u.paths, path)
	return nil
}

// remove deletes every file recorded; later adds are deleted as they come.
func (u *uploads) remove() {
	u.mu.Lock()
	defer u.mu.Unlock()
	for _, p := range u.paths {
		_ = os.Remove(p)
	}
	u.paths, u.removed = nil, true
}

// RemoveFiles removes the temporary files of req's uploads now, rather than
// when the request ends: for a handler done with them early, or a test
// whose request ([iron.NewRequest]) has a context that never ends. Files of
// a later upload in the same request are removed as they arrive.
func RemoveFiles(req *iron.Request) {
	if u, ok := iron.Get(req, uploadsKey); ok {
		u.stop()
		u.remove()
	}
}
