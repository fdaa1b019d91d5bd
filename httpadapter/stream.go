package httpadapter

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/iron-go/iron"
)

// stream hands a streaming net/http handler's writes to the server, one at a
// time: h sends a chunk and waits for its ack, so the server writes h's own
// slice while h is blocked, and h's Write returns what the server's did.
type stream struct {
	header http.Header     // the response header, copied when streaming started
	chunks chan chunk      // h to server
	acks   chan ack        // server to h; room for one, so acking never blocks
	quit   chan struct{}   // closed by streamBody.Close: the response is done
	done   chan struct{}   // closed when h returned
	ended  <-chan struct{} // h's context is done: no one may take the response

	began     atomic.Bool // the server started on the body
	abandoned atomic.Bool // ended by abandonedAfter, not by the server
	grace     atomic.Pointer[time.Timer]
}

// abandonedAfter is how long a stream waits for the server to start on its
// body once the request's context has ended. The engine ends it just before
// it writes the body; an after middleware that replaced the response without
// closing the body it dropped leaves the stream waiting, and h blocked in
// Write, for this long.
const abandonedAfter = 2 * time.Second

// parentEndedStreaming is what the end of the request's context does to a
// streaming h: nothing once the body started (the server or the middleware
// that owns that context may end it as the handler returns, and a client
// gone shows as a failed write); before that, it ends h's context if the
// server does not start on the body soon. It runs on a goroutine of its own.
func (x *exchange) parentEndedStreaming() {
	if x.stream.began.Load() {
		return
	}
	x.stream.grace.Store(time.AfterFunc(abandonedAfter, func() {
		if !x.stream.began.Load() {
			x.stream.abandoned.Store(true)
			x.cancel(errAbandoned)
		}
	}))
}

// clientGone ends a streaming h's context when http.Server says the client
// went away (or the response is over).
func (x *exchange) clientGone() { x.cancel(context.Canceled) }

// errAbandoned ends h's context when no server took its stream.
var errAbandoned = errors.New("httpadapter: the streamed response was dropped without being closed")

type chunk struct {
	p     []byte
	flush bool
}

type ack struct {
	n   int
	err error
}

// send hands c to the server and returns the result of its write, or fails
// once the server is done with the response. It also gives up when h's
// context ends, in case a server drops the body without closing it.
func (s *stream) send(c chunk) (int, error) {
	select {
	case s.chunks <- c:
	case <-s.quit:
		return 0, errResponseDone
	case <-s.ended:
		return 0, errResponseDone
	}
	select {
	case a := <-s.acks:
		return a.n, a.err
	case <-s.quit:
		return 0, errResponseDone
	}
}

// errHandlerPanicked fails a streamed body whose handler panicked, so that
// the server aborts the response.
var errHandlerPanicked = errors.New("httpadapter: net/http handler panicked while streaming")

// streamBody is the body of a streaming response: first what h wrote before
// streaming started, then each chunk as h writes it. The server uses it from
// one goroutine: WriteTo (through io.Copy, which flushes when h flushes) or
// Read (when the length is known and the server copies with a limit), and
// then Close.
type streamBody struct {
	x       *exchange
	s       *stream
	res     *iron.Response // whose Trailer gets h's trailers
	started bool           // the held-back bytes are taken
	pending []byte         // what Read has still to return of a chunk
	owed    int            // length of a chunk taken and not yet acked, or -1
	once    sync.Once
}

// WriteTo writes the rest of h's output to w, flushing w when h flushes.
func (b *streamBody) WriteTo(w io.Writer) (int64, error) {
	var total int64
	if len(b.begin()) > 0 {
		n, err := w.Write(b.pending)
		total += int64(n)
		b.pending = nil
		if err != nil {
			b.ack(err)
			return total, err
		}
	}
	b.ack(nil)
	for {
		select {
		case c := <-b.s.chunks:
			var a ack
			if c.flush {
				a.err = iron.Flush(w)
			} else {
				a.n, a.err = w.Write(c.p)
				total += int64(a.n)
			}
			b.s.acks <- a
			if a.err != nil {
				return total, a.err
			}
		case <-b.s.done:
			return total, b.end()
		}
	}
}

// Read returns the rest of h's output, and io.EOF once h returned.
func (b *streamBody) Read(p []byte) (int, error) {
	b.begin()
	for len(b.pending) == 0 {
		b.ack(nil)
		select {
		case c := <-b.s.chunks:
			if c.flush {
				b.s.acks <- ack{} // nothing to flush through a reader
				continue
			}
			b.pending, b.owed = c.p, len(c.p)
		case <-b.s.done:
			if err := b.end(); err != nil {
				return 0, err
			}
			return 0, io.EOF
		}
	}
	n := copy(p, b.pending)
	b.pending = b.pending[n:]
	return n, nil
}

// begin takes the held-back bytes as the first pending chunk, owed to no
// one.
func (b *streamBody) begin() []byte {
	if !b.started {
		b.started, b.owed = true, -1
		b.pending = b.x.buf.Bytes()
		b.s.began.Store(true)
	}
	return b.pending
}

// ack answers h for the chunk taken, if one is owed: all of it was written
// (a chunk is acked only once used up), or err.
func (b *streamBody) ack(err error) {
	if b.owed < 0 {
		return
	}
	a := ack{n: b.owed, err: err}
	if err != nil {
		a.n = 0
	}
	b.owed = -1
	b.s.acks <- a
}

// end runs once h returned: its trailers go to the response, and a panic
// fails the body.
func (b *streamBody) end() error {
	if b.x.panicked != nil {
		return errHandlerPanicked
	}
	if b.s.abandoned.Load() {
		return errAbandoned // h was cut short: abort rather than look whole
	}
	h := b.x.header // h is done with it
	for name, values := range h {
		if n, ok := strings.CutPrefix(name, http.TrailerPrefix); ok {
			b.addTrailer(http.CanonicalHeaderKey(n), values)
		}
	}
	for _, line := range b.s.header["Trailer"] {
		for n := range strings.SplitSeq(line, ",") {
			n = http.CanonicalHeaderKey(strings.TrimSpace(n))
			if values, ok := h[n]; ok {
				b.addTrailer(n, values)
			}
		}
	}
	return nil
}

func (b *streamBody) addTrailer(name string, values []string) {
	if b.res.Trailer == nil {
		b.res.Trailer = make(http.Header)
	}
	b.res.Trailer[name] = values
}

// Close ends the response for h: its context ends, its further writes fail,
// and Close returns once h has returned.
func (b *streamBody) Close() error {
	b.once.Do(func() {
		b.x.stopFollow()
		if t := b.s.grace.Load(); t != nil {
			t.Stop()
		}
		close(b.s.quit)
		b.x.cancel(nil)
	})
	<-b.s.done
	return nil
}
