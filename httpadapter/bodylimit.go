package httpadapter

import (
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/iron-go/iron"
)

// tooLarge answers a body over the limit, as the engine does, and closes the
// connection rather than read the rest of the body. Shared: only read.
var tooLarge = iron.With(http.StatusRequestEntityTooLarge, http.Header{"Connection": {"close"}},
	http.StatusText(http.StatusRequestEntityTooLarge))

// bodyTooLarge returns the error a read past the limit fails with, the same
// on every server: an [*iron.Error] answered 413 that wraps
// [iron.ErrBodyTooLarge], and the [*http.MaxBytesError] behind it for those
// who match net/http's.
func bodyTooLarge(cause *http.MaxBytesError) error {
	return &iron.Error{
		Err:      fmt.Errorf("%w: over the limit of %d bytes: %w", iron.ErrBodyTooLarge, cause.Limit, cause),
		Response: tooLarge,
	}
}

// limitedBody is the body of a request under the limit: net/http's
// MaxBytesReader, whose error past the limit it turns into bodyTooLarge's.
// One lives in each serverState, so that wrapping costs no allocation.
type limitedBody struct{ r io.ReadCloser }

func (b *limitedBody) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if mbe, ok := errors.AsType[*http.MaxBytesError](err); ok {
		err = bodyTooLarge(mbe)
	}
	return n, err
}

// tooLargeBody is a body that declared more than the limit: its first read
// fails, before a byte is read (and so before net/http sends 100 Continue).
type tooLargeBody struct{ limit int64 }

func (b tooLargeBody) Read([]byte) (int, error) {
	return 0, bodyTooLarge(&http.MaxBytesError{Limit: b.limit})
}

// limitErrors answers with 413 a handler error that wraps an
// [*http.MaxBytesError] but no [*iron.Error] (a net/http handler's, under
// FromHTTP), unless the handler chose a response itself.
type limitErrors struct{ h iron.Handler }

func (l limitErrors) Handle(req *iron.Request) (*iron.Response, error) {
	res, err := l.h.Handle(req)
	if err != nil {
		if _, ok := errors.AsType[*iron.Error](err); !ok {
			if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
				return nil, &iron.Error{Err: err, Response: tooLarge}
			}
		}
	}
	return res, err
}
