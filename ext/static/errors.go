package static

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"syscall"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/sentinel"
)

// Errors the handlers return wrap one of these in an [*iron.Error] carrying
// the response to send, so that a catcher in a chain can match them with
// [errors.Is] (a custom 404 page, say). The wrapped error also keeps the
// file system's error, for logs. [ErrNotFound] wraps [iron.ErrNotFound] and
// [ErrMethodNotAllowed] wraps [iron.ErrMethodNotAllowed], so that a catcher
// of the core sentinels answers these as it answers a router's.
var (
	// ErrNotFound means there is no file to serve at that path (404):
	// it does not exist, would leave the root, is a dot file, or is a
	// directory without an index. It wraps [iron.ErrNotFound].
	ErrNotFound = sentinel.Wrap("static: file not found", iron.ErrNotFound)
	// ErrForbidden means the file exists but the server may not read it
	// (403).
	ErrForbidden = errors.New("static: permission denied")
	// ErrBadPath means the path is malformed: a bad percent-encoding or a
	// NUL byte (400).
	ErrBadPath = errors.New("static: malformed path")
	// ErrMethodNotAllowed means a method other than GET and HEAD (405). It
	// wraps [iron.ErrMethodNotAllowed].
	ErrMethodNotAllowed = sentinel.Wrap("static: method not allowed", iron.ErrMethodNotAllowed)
)

// allowed is the Allow header of a 405; shared, and only ever read.
var allowed = []string{"GET, HEAD"}

func notFound(cause error) error {
	return statusError(http.StatusNotFound, ErrNotFound, cause)
}

func badPath(cause error) error {
	return statusError(http.StatusBadRequest, ErrBadPath, cause)
}

func methodNotAllowed(method string) error {
	return iron.NewError(fmt.Errorf("%w: %s", ErrMethodNotAllowed, method),
		http.StatusMethodNotAllowed, http.Header{"Allow": allowed},
		http.StatusText(http.StatusMethodNotAllowed))
}

func statusError(status int, sentinel, cause error) error {
	return iron.NewError(fmt.Errorf("%w: %w", sentinel, cause), status, http.StatusText(status))
}

// fsError maps an error of the file system to the response the client sees.
// Whatever the path did wrong (it does not exist, escapes the root, runs
// through a file or a symlink loop, is too long) is a 404, which says no
// more than that; a file the server may not read is a 403; a fault of the
// server (out of descriptors, an I/O error) is a 500.
func fsError(err error) error {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return statusError(http.StatusForbidden, ErrForbidden, err)
	case errors.Is(err, syscall.EMFILE), errors.Is(err, syscall.ENFILE),
		errors.Is(err, syscall.ENOMEM), errors.Is(err, syscall.EIO):
		return iron.NewError(fmt.Errorf("static: %w", err), http.StatusInternalServerError,
			http.StatusText(http.StatusInternalServerError))
	}
	return notFound(err)
}
