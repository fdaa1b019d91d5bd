package static

import (
	"errors"
	"io/fs"
	"net/http"
	"os"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/iron-go/iron"
)

// fsError is tested directly: a permission error cannot be provoked through
// the file system when the tests run as root, which reads every file.
func TestFSErrorStatus(t *testing.T) {
	for _, tc := range []struct {
		name     string
		err      error
		status   int
		sentinel error
	}{
		{"missing", &fs.PathError{Op: "stat", Path: "x", Err: fs.ErrNotExist}, 404, ErrNotFound},
		{"escapes the root", &fs.PathError{Op: "openat", Path: "../x", Err: errors.New("path escapes from parent")}, 404, ErrNotFound},
		{"not a directory", &fs.PathError{Op: "stat", Path: "a/b", Err: syscall.ENOTDIR}, 404, ErrNotFound},
		{"permission", &fs.PathError{Op: "open", Path: "x", Err: os.ErrPermission}, 403, ErrForbidden},
		{"EACCES", &fs.PathError{Op: "open", Path: "x", Err: syscall.EACCES}, 403, ErrForbidden},
		{"out of descriptors", &fs.PathError{Op: "open", Path: "x", Err: syscall.EMFILE}, 500, nil},
		{"I/O error", &fs.PathError{Op: "read", Path: "x", Err: syscall.EIO}, 500, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := fsError(tc.err)
			res := iron.ErrorResponse(err)
			assert.Equal(t, tc.status, res.StatusCode())
			body, _ := res.Body().Text()
			assert.Equal(t, http.StatusText(tc.status), body, "nothing of the error reaches the client")
			assert.ErrorIs(t, err, tc.err, "the file system's error is kept for logs")
			if tc.sentinel != nil {
				assert.ErrorIs(t, err, tc.sentinel)
			}
		})
	}
}
