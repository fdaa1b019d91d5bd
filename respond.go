package iron

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
)

// internalError is the answer to a bare error or a panic: a new value each
// time, so that no middleware can change the answer of another request.
func internalError() *Response {
	return &Response{
		Status: http.StatusInternalServerError,
		body:   StringBody(http.StatusText(http.StatusInternalServerError)),
	}
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

// Respond is how a server runs a handler: it calls h with req and returns the
// response to send, never nil. An error becomes [ErrorResponse] and is logged
// (at Error level when its status is 500 or more, else at Debug); a nil
// response becomes an empty 404; a panic becomes a 500 and is logged at Error
// level with its stack. A nil logger means [slog.Default].
func Respond(h Handler, req *Request, logger *slog.Logger) (res *Response) {
	defer func() {
		if p := recover(); p != nil {
			logPanic(logger, req, p)
			res = internalError()
		}
	}()
	res, err := h.Handle(req)
	if err != nil {
		if res != nil {
			_ = res.Body().Close() // dropped unsent: release a file behind it
		}
		res = ErrorResponse(err)
		logError(logger, req, res, err)
		return res
	}
	if res == nil {
		return &Response{Status: http.StatusNotFound}
	}
	return res
}

func logError(logger *slog.Logger, req *Request, res *Response, err error) {
	if logger == nil {
		logger = slog.Default()
	}
	level := slog.LevelDebug
	if res.StatusCode() >= 500 {
		level = slog.LevelError
	}
	// PeekContext, not Context: a log line is no reason to make the
	// request's context (on the engine, a context and a disconnect watch).
	logger.Log(req.PeekContext(), level, "iron: request failed",
		"method", req.Method(), "path", req.EscapedPath(), "status", res.StatusCode(), "error", err)
}

func logPanic(logger *slog.Logger, req *Request, p any) {
	if logger == nil {
		logger = slog.Default()
	}
	logger.Error("iron: panic serving request",
		"method", req.Method(), "path", req.EscapedPath(),
		"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
}
