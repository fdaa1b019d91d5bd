package iron

import (
	"errors"
	"fmt"
	"net/http"
)

// Errors that mean the same thing whichever server or extension produced them.
// Every 404, 405 and 413 an Iron server or extension answers comes with an
// [*Error] that wraps one of these, so that a catcher written once,
// errors.Is(err, iron.ErrNotFound), handles them all, on the engine and
// under net/http alike. Packages may keep their own, more precise sentinels,
// provided those wrap (or are) these.
var (
	// ErrNotFound means nothing answers the request's path: no route, no
	// mounted handler, no file (404 Not Found).
	ErrNotFound = errors.New("iron: not found")
	// ErrMethodNotAllowed means something answers the path, but not for the
	// request's method (405 Method Not Allowed, with an Allow header).
	ErrMethodNotAllowed = errors.New("iron: method not allowed")
	// ErrBodyTooLarge means the request body is over a size limit, the
	// server's or an extension's (413 Content Too Large).
	ErrBodyTooLarge = errors.New("iron: request body too large")
)

// Error is an error paired with the response to send for it, Iron's
// IronError. Handlers and middleware return one to choose what the client
// sees; catchers match it with [errors.As], and the error it wraps with
// [errors.Is]:
//
//	return nil, iron.NewError(err, http.StatusBadRequest, "bad JSON")
type Error struct {
	// Err is what went wrong, for logs and catchers; it is not sent.
	Err error
	// Response is what the client is sent; nil means a bare 500.
	Response *Response
}

// NewError returns an Error for err whose response is [With](mods...), with
// status 500 when mods set none. A nil err is replaced by an error named after
// the response status.
func NewError(err error, mods ...any) *Error {
	res := With(mods...)
	if res.Status == 0 {
		res.Status = http.StatusInternalServerError
	}
	if err == nil {
		err = errors.New(http.StatusText(res.StatusCode()))
	}
	return &Error{Err: err, Response: res}
}

// Errorf returns an Error with the given status whose message, formatted as
// by [fmt.Errorf], is both the error and the response body. The whole
// message is sent, the text of errors wrapped with %w included: wrap only
// errors the client may read, and use [NewError] for the others.
func Errorf(status int, format string, args ...any) *Error {
	err := fmt.Errorf(format, args...)
	return &Error{Err: err, Response: With(status, err.Error())}
}

// Error returns the message of the wrapped error.
func (e *Error) Error() string {
	if e.Err == nil {
		return http.StatusText(e.status())
	}
	return e.Err.Error()
}

// Unwrap returns the wrapped error.
func (e *Error) Unwrap() error { return e.Err }

func (e *Error) status() int {
	if e.Response == nil {
		return http.StatusInternalServerError
	}
	return e.Response.StatusCode()
}

// ErrorResponse returns the response a server sends for err: the response of
// the [Error] err wraps, or, for any other error, a 500 whose body names only
// the status, so nothing of the error leaks to the client.
func ErrorResponse(err error) *Response {
	if e, ok := errors.AsType[*Error](err); ok && e.Response != nil {
		return e.Response
	}
	return internalError()
}

// internalError is the answer to a bare error or a panic: a new value each
// time, so that no middleware can change the answer of another request.
func internalError() *Response {
	return &Response{
		Status: http.StatusInternalServerError,
		body:   StringBody(http.StatusText(http.StatusInternalServerError)),
	}
}
