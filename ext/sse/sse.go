package sse

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/iron-go/iron"
)

// ErrInvalidEvent is wrapped by the error of Send for an event that would
// corrupt the stream.
var ErrInvalidEvent = errors.New("sse: invalid event")

// ErrClosed is returned by a Writer used after its stream ended.
var ErrClosed = errors.New("sse: stream closed")

// DefaultHeartbeat is the heartbeat interval unless [Heartbeat] sets
// another.
const DefaultHeartbeat = 15 * time.Second

// Event is one Server-Sent Event; the zero values of its fields are left
// out of the stream.
type Event struct {
	// ID sets the client's last event id (sent back in Last-Event-ID).
	ID string
	// Event is the event type; "" is "message".
	Event string
	// Data is the payload, any number of lines.
	Data string
	// Retry sets the client's reconnection delay, in whole milliseconds.
	Retry time.Duration
}

// Producer writes the events of a stream until it is done or ctx ends (see
// the package doc). It runs while the response is sent, in the server's
// goroutine, after the handler returned: it must not use the request.
type Producer func(ctx context.Context, w *Writer) error

type config struct {
	heartbeat time.Duration
	retry     time.Duration
}

// Option configures a [Streamer]; [New] checks it.
type Option func(*config) error

// Heartbeat sets how long the stream may be silent before a comment line
// is written; 0 writes none. A negative value panics in [New].
func Heartbeat(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 {
			return fmt.Errorf("sse: Heartbeat(%v): must not be negative", d)
		}
		c.heartbeat = d
		return nil
	}
}

// Retry sends a retry field before the first event: how long browsers wait
// before reconnecting, in whole milliseconds. Less than 1ms panics in
// [New].
func Retry(d time.Duration) Option {
	return func(c *config) error {
		if d < time.Millisecond {
			return fmt.Errorf("sse: Retry(%v): must be at least 1ms", d)
		}
		c.retry = d
		return nil
	}
}

// Streamer answers requests with event streams, all configured alike. Make
// one with [New] at start-up and call [Streamer.Stream] in handlers; it is
// read-only and safe for concurrent use.
type Streamer struct {
	cfg config
}

// New returns a Streamer configured by opts (nil options are skipped). It
// panics on a bad option value, with an error that names the option and
// the value, so that a mistake shows at start-up rather than on a request.
func New(opts ...Option) *Streamer {
	s := &Streamer{cfg: config{heartbeat: DefaultHeartbeat}}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&s.cfg); err != nil {
			panic(err)
		}
	}
	return s
}

// defaultStreamer serves [Stream].
var defaultStreamer = New()

// Stream returns a response that streams the events produce writes (see
// the package doc), with the default settings: a heartbeat every
// [DefaultHeartbeat], no retry field. It is New().Stream(req, produce).
func Stream(req *iron.Request, produce Producer) *iron.Response {
	return defaultStreamer.Stream(req, produce)
}

// Stream returns a response that streams the events produce writes (see
// the package doc). The stream's context is req's. A nil produce panics.
// The response is new for each call; the Streamer is only read.
func (s *Streamer) Stream(req *iron.Request, produce Producer) *iron.Response {
	if produce == nil {
		panic(errors.New("sse: Stream(req, nil): a producer is required"))
	}
	// The context is taken now: the request must not be used once the
	// handler returned, but its context lives until the answer is written.
	ctx := req.Context()
	cfg := s.cfg
	return iron.With(http.StatusOK,
		iron.ContentType("text/event-stream"),
		http.Header{"Cache-Control": {"no-cache"}, "X-Accel-Buffering": {"no"}},
		iron.StreamBody(func(w io.Writer) error { return run(ctx, w, produce, cfg) }))
}

// LastEventID returns the id of the last event a reconnecting client
// received, from its Last-Event-ID header; "" when there is none or it
// holds a line break or NUL.
func LastEventID(req *iron.Request) string {
	id := req.HeaderValue("Last-Event-ID")
	if strings.ContainsAny(id, "\r\n\x00") {
		return ""
	}
	return id
}

// run streams until produce returns.
func run(parent context.Context, out io.Writer, produce Producer, cfg config) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	w := &Writer{out: out, cancel: cancel, last: time.Now()}
	if cfg.retry > 0 {
		w.buf = appendRetry(w.buf, cfg.retry)
	}
	if err := w.flushBuf(); err != nil { // headers (and retry) out now
		return err
	}
	var beats sync.WaitGroup
	if cfg.heartbeat > 0 {
		beats.Go(func() { w.heartbeat(ctx, cfg.heartbeat) })
	}
	err := produce(ctx, w)
	ended := ctx.Err() // before our own cancel: why the producer saw it end
	cancel()
	beats.Wait()

	w.mu.Lock()
	w.closed = true
	writeErr := w.err
	w.mu.Unlock()
	switch {
	case writeErr != nil:
		return writeErr
	case err != nil && ended != nil && errors.Is(err, ended):
		return nil // the client left or the server is shutting down
	}
	return err
}

// Writer writes events to one stream. It is safe for concurrent use by the
// producer and goroutines it starts, until the producer returns.
type Writer struct {
	mu     sync.Mutex
	out    io.Writer
	buf    []byte
	err    error // the first write error; sticky
	closed bool
	last   time.Time // of the last write
	cancel context.CancelFunc
}

// Send writes e and flushes it to the client. It returns an error wrapping
// [ErrInvalidEvent] for an event that would corrupt the stream (and writes
// nothing), the write error once the client is gone, or [ErrClosed] after
// the producer returned.
func (w *Writer) Send(e Event) error {
	if strings.ContainsAny(e.ID, "\r\n\x00") {
		return fmt.Errorf("%w: id %q has a line break or NUL", ErrInvalidEvent, e.ID)
	}
	if strings.ContainsAny(e.Event, "\r\n") {
		return fmt.Errorf("%w: event name %q has a line break", ErrInvalidEvent, e.Event)
	}
	if e.Retry < 0 {
		return fmt.Errorf("%w: negative retry %v", ErrInvalidEvent, e.Retry)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.usable(); err != nil {
		return err
	}
	b := w.buf[:0]
	if e.ID != "" {
		b = appendField(b, "id", e.ID)
	}
	if e.Event != "" {
		b = appendField(b, "event", e.Event)
	}
	if e.Data != "" {
		b = appendLines(b, "data", e.Data)
	}
	if e.Retry > 0 {
		b = appendRetry(b, e.Retry)
	}
	w.buf = append(b, '\n')
	return w.flushBuf()
}

// Comment writes text as comment lines (one per line of text) and flushes
// them. Clients ignore comments; they keep the connection busy.
func (w *Writer) Comment(text string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := w.usable(); err != nil {
		return err
	}
	w.buf = appendLines(w.buf[:0], "", text)
	return w.flushBuf()
}

func (w *Writer) usable() error {
	if w.closed {
		return ErrClosed
	}
	return w.err
}

// flushBuf writes the buffer and flushes; called with mu held (or before
// anyone else has the Writer). A failure is kept and cancels the stream.
func (w *Writer) flushBuf() error {
	_, err := w.out.Write(w.buf)
	if err == nil {
		err = iron.Flush(w.out)
	}
	w.buf = w.buf[:0]
	w.last = time.Now()
	if err != nil {
		w.err = err
		w.cancel()
	}
	return err
}

// heartbeat writes a comment whenever the stream was silent for every,
// until ctx ends.
func (w *Writer) heartbeat(ctx context.Context, every time.Duration) {
	t := time.NewTimer(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		w.mu.Lock()
		wait := every - time.Since(w.last)
		if wait <= 0 && w.usable() == nil {
			w.buf = append(w.buf[:0], ": heartbeat\n"...)
			_ = w.flushBuf()
			wait = every
		}
		w.mu.Unlock()
		t.Reset(max(wait, time.Millisecond))
	}
}

func appendField(b []byte, name, value string) []byte {
	b = append(b, name...)
	b = append(b, ": "...)
	b = append(b, value...)
	return append(b, '\n')
}

// appendLines appends one field per line of text, split at CRLF, CR or LF.
func appendLines(b []byte, name, text string) []byte {
	for {
		i := strings.IndexAny(text, "\r\n")
		line := text
		if i >= 0 {
			line = text[:i]
		}
		b = appendField(b, name, line)
		if i < 0 {
			return b
		}
		if text[i] == '\r' && i+1 < len(text) && text[i+1] == '\n' {
			i++
		}
		text = text[i+1:]
	}
}

func appendRetry(b []byte, d time.Duration) []byte {
	b = append(b, "retry: "...)
	b = strconv.AppendInt(b, max(1, d.Milliseconds()), 10)
	return append(b, '\n')
}
