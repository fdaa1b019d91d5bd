package bodyparser

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"

	"github.com/iron-go/iron"
)

// RawPlugin is the request body as bytes, read whole under the limit in
// force for the request (see [MaxBytes]). [Raw] computes it.
var RawPlugin = iron.NewPlugin("bodyparser.raw", readRaw)

// rawErr remembers why reading the body failed: the body is read once, so
// a second Compute must fail the same way rather than read what is left.
var rawErr = iron.NewKey[error]("bodyparser.raw.error")

// Raw returns the request body, read whole, whatever its content type. An
// empty or absent body is an empty, non-nil slice. The bytes are cached for
// the rest of the request and shared by every caller (and by [JSON],
// [Struct], urlencoded and params): do not change them.
//
// Once read, the body is replaced (see [iron.Request.SetBody]) by a reader
// of the same bytes, so code that reads req.Body() afterwards still sees it
// all.
//
// A body over the limit is a 413 [*LimitError] (also when the server's own
// limit stopped it first), a body shorter than its Content-Length a 400;
// other read errors are returned as they are. A failure is cached too: the
// body cannot be read twice.
func Raw(req *iron.Request) ([]byte, error) { return iron.Compute(req, RawPlugin) }

func readRaw(req *iron.Request) ([]byte, error) {
	if err, ok := iron.Get(req, rawErr); ok {
		return nil, err
	}
	b, err := readBody(req, MaxBytes(req))
	if err != nil {
		iron.Set(req, rawErr, err)
		return nil, err
	}
	req.SetBody(bytes.NewReader(b))
	return b, nil
}

// readBody reads req's body whole, up to limit bytes.
func readBody(req *iron.Request, limit int64) ([]byte, error) {
	tooLarge := func() error {
		return ClientError(&LimitError{What: "request body", Limit: limit, Unit: "bytes"})
	}
	n := req.ContentLength()
	switch {
	case n > limit:
		return nil, tooLarge() // without reading a byte
	case n == 0:
		return []byte{}, nil
	case n > 0:
		b := make([]byte, n)
		if _, err := io.ReadFull(req.Body(), b); err != nil {
			return nil, ReadError(err)
		}
		return b, nil
	}
	// Unknown length (chunked): grow up to one byte past the limit, which
	// tells a body of exactly limit bytes from a longer one.
	b := make([]byte, 0, min(limit+1, 4<<10))
	body := req.Body()
	for {
		if len(b) == cap(b) {
			b = slices.Grow(b, int(min(int64(cap(b)), limit+1-int64(cap(b)))))
		}
		m, err := body.Read(b[len(b):cap(b)])
		b = b[:len(b)+m]
		if int64(len(b)) > limit {
			return nil, tooLarge()
		}
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, ReadError(err)
		}
	}
}

// ReadError returns the error a handler should return for err, an error
// from reading a request body, so that a client gets the same answer
// whichever server and whichever limit stopped it:
//
//   - a body over a server's limit (the engine's [iron.Error] of status 413,
//     httpadapter's [*http.MaxBytesError], or any error wrapping
//     [iron.ErrBodyTooLarge]) becomes the 413 [ClientError] of a
//     [*LimitError], with the limit when the error says it;
//   - a body that ends before its declared length ([io.ErrUnexpectedEOF]),
//     or a server's [*iron.Error] of status 400 (the engine's for broken
//     chunked framing), becomes the 400 of a [*SyntaxError];
//   - another [*iron.Error] is returned as it is;
//   - anything else is wrapped as a bare error: a 500, and a log line.
//
// The typed errors keep err (their Err field), so errors.Is still finds
// it. A nil err gives nil.
func ReadError(err error) error {
	if err == nil {
		return nil
	}
	if le, ok := errors.AsType[*LimitError](err); ok {
		return ClientError(le)
	}
	if mbe, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return ClientError(&LimitError{What: "request body", Limit: mbe.Limit, Unit: "bytes", Err: err})
	}
	ie, isIron := errors.AsType[*iron.Error](err)
	status := 0
	if isIron && ie.Response != nil {
		status = ie.Response.StatusCode()
	}
	switch {
	case errors.Is(err, iron.ErrBodyTooLarge), status == http.StatusRequestEntityTooLarge:
		return ClientError(&LimitError{What: "request body", Err: err})
	case status == http.StatusBadRequest:
		return ClientError(&SyntaxError{Format: "body", Offset: -1, Err: err,
			Msg: "the body could not be read: its framing is broken, or the client stopped sending it"})
	case isIron:
		return ie
	case errors.Is(err, io.ErrUnexpectedEOF):
		return ClientError(&SyntaxError{Format: "body", Msg: "the body ended before its declared length", Offset: -1, Err: err})
	}
	return fmt.Errorf("bodyparser: reading the request body: %w", err)
}
