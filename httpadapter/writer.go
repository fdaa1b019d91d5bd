package httpadapter

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/iron-go/iron"
)

// errResponseDone is what h's writes return once the server is done with the
// response (it was written, or replaced by after middleware).
var errResponseDone = errors.New("httpadapter: the response is done; further writes are dropped")

// responseWriter is the http.ResponseWriter a net/http handler run by
// FromHTTP writes to. Only h's goroutine calls it.
type responseWriter struct{ x *exchange }

var (
	_ http.ResponseWriter = (*responseWriter)(nil)
	_ http.Flusher        = (*responseWriter)(nil)
	_ http.Hijacker       = (*responseWriter)(nil)
)

// Header returns the header map h sets; see FromHTTP for when it is read.
func (w *responseWriter) Header() http.Header { return w.x.header }

// WriteHeader records the status. An interim 1xx status other than 101
// is sent at once, with the header as it is, through [iron.Interim] (and
// the header stays for the final answer, as net/http has it), except 100
// Continue, which is the server's own; later calls are ignored, as
// net/http ignores them.
func (w *responseWriter) WriteHeader(code int) {
	// Same check as net/http: a bad code is a programming error.
	if code < 100 || code > 999 {
		panic(fmt.Sprintf("invalid WriteHeader code %v", code))
	}
	x := w.x
	if x.wroteHeader || x.mode != buffering {
		return
	}
	if code < 200 && code != http.StatusSwitchingProtocols {
		if code != http.StatusContinue {
			_ = iron.Interim(x.req, code, x.header)
		}
		return
	}
	x.status, x.wroteHeader = code, true
}

// Write holds p back, or streams it once streaming has started.
func (w *responseWriter) Write(p []byte) (int, error) {
	x := w.x
	if !x.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if !bodyAllowed(x.statusCode()) {
		return 0, http.ErrBodyNotAllowed
	}
	switch x.mode {
	case buffering:
		if x.head {
			// As net/http does: a HEAD answer has no body to write.
			x.eaten += int64(len(p))
			return len(p), nil
		}
		if x.buf.Len()+len(p) <= x.config.bufferBytes {
			return x.buf.Write(p)
		}
		x.startStreaming()
		return x.stream.send(chunk{p: p})
	case streaming:
		if x.head {
			return len(p), nil
		}
		return x.stream.send(chunk{p: p})
	}
	return 0, http.ErrHijacked
}

// WriteString is Write without the conversion while buffering.
func (w *responseWriter) WriteString(s string) (int, error) {
	x := w.x
	if !x.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	if x.mode == buffering && !x.head && bodyAllowed(x.status) &&
		x.buf.Len()+len(s) <= x.config.bufferBytes {
		return x.buf.WriteString(s)
	}
	return w.Write([]byte(s))
}

// Flush starts streaming, and returns once what h wrote so far is flushed
// to the client (for HEAD, at once).
func (w *responseWriter) Flush() { _ = w.FlushError() }

// FlushError is Flush for [http.ResponseController], which reports a
// failure to reach the client.
func (w *responseWriter) FlushError() error {
	x := w.x
	if !x.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	switch x.mode {
	case buffering:
		x.startStreaming()
	case hijacked:
		return http.ErrHijacked
	}
	if x.head {
		return nil
	}
	_, err := x.stream.send(chunk{flush: true})
	return err
}

// startStreaming hands the response over to the caller's goroutine: status,
// a copy of the headers, and a stream for the rest.
func (x *exchange) startStreaming() {
	x.stream = &stream{
		header: x.header.Clone(),
		chunks: make(chan chunk),
		acks:   make(chan ack, 1),
		quit:   make(chan struct{}),
		done:   make(chan struct{}),
		ended:  x.Done(),
	}
	x.sniff(x.stream.header)
	// From now on h's context no longer ends with the request's: a server
	// (the engine), or a middleware with a deferred cancel, ends that one as
	// the handler returns, before the body is written. It ends when the
	// response is done (streamBody.Close), and when the client goes away if
	// the server says so in a way that cannot be mistaken (Handler does).
	x.stopFollow()
	if client, ok := x.parent.Value(clientKey{}).(context.Context); ok {
		x.stopFollow = context.AfterFunc(client, x.clientGone)
	} else {
		x.stopFollow = context.AfterFunc(x.parent, x.parentEndedStreaming)
	}
	// The after middleware may read the request's header map from now on.
	x.hr.Header = x.hr.Header.Clone()
	x.mode = streaming
	close(x.decided)
}
