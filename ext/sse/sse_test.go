package sse_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/sse"
)

// stream runs the response's body into a buffer, as a server would, and
// returns what was written and the body's error.
func stream(t *testing.T, res *iron.Response) (string, error) {
	t.Helper()
	var buf syncBuffer
	_, err := res.Body().WriteTo(&buf)
	return buf.String(), err
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func sendAll(events ...sse.Event) sse.Producer {
	return func(_ context.Context, w *sse.Writer) error {
		for _, e := range events {
			if err := w.Send(e); err != nil {
				return err
			}
		}
		return nil
	}
}

func TestResponse(t *testing.T) {
	res := sse.Stream(iron.NewRequest("GET", "/events", nil), sendAll())
	assert.Equal(t, 200, res.StatusCode())
	assert.Equal(t, "text/event-stream", res.ContentType())
	assert.Equal(t, "no-cache", res.Header.Get("Cache-Control"))
	assert.Equal(t, "no", res.Header.Get("X-Accel-Buffering"))
	assert.Empty(t, res.Header.Get("Content-Length"))
	assert.Equal(t, int64(-1), res.Body().Len(), "unknown length: chunked")
}

func TestEncoding(t *testing.T) {
	for _, tc := range []struct {
		name string
		e    sse.Event
		want string
	}{
		{"data only", sse.Event{Data: "hello"}, "data: hello\n\n"},
		{"every field", sse.Event{ID: "7", Event: "tick", Data: "12:00", Retry: 2500 * time.Millisecond}, "id: 7\nevent: tick\ndata: 12:00\nretry: 2500\n\n"},
		{"multi-line data, every line break", sse.Event{Data: "a\nb\r\nc\rd"}, "data: a\ndata: b\ndata: c\ndata: d\n\n"},
		{"trailing line break kept", sse.Event{Data: "a\n"}, "data: a\ndata: \n\n"},
		{"leading space kept", sse.Event{Data: " x"}, "data:  x\n\n"},
		{"no data", sse.Event{ID: "9"}, "id: 9\n\n"},
		{"colon in data", sse.Event{Data: "event: fake\n\ndata: injected"}, "data: event: fake\ndata: \ndata: data: injected\n\n"},
		{"sub-millisecond retry", sse.Event{Retry: time.Microsecond}, "retry: 1\n\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := stream(t, sse.New(sse.Heartbeat(0)).Stream(iron.NewRequest("GET", "/", nil), sendAll(tc.e)))
			require.NoError(t, err)
			assert.Equal(t, tc.want, out)
		})
	}
}

func TestInvalidEvents(t *testing.T) {
	for _, e := range []sse.Event{
		{ID: "1\n2"}, {ID: "a\rb"}, {ID: "nul\x00"},
		{Event: "x\ndata: injected"}, {Event: "x\r"}, {Retry: -time.Second},
	} {
		var sendErr error
		out, err := stream(t, sse.New(sse.Heartbeat(0)).Stream(iron.NewRequest("GET", "/", nil), func(_ context.Context, w *sse.Writer) error {
			sendErr = w.Send(e)
			return w.Send(sse.Event{Data: "after"})
		}))
		require.NoError(t, err)
		assert.ErrorIs(t, sendErr, sse.ErrInvalidEvent, "%+v", e)
		assert.Equal(t, "data: after\n\n", out, "nothing of the bad event was written")
	}
}

func TestCommentsAndRetry(t *testing.T) {
	out, err := stream(t, sse.New(sse.Retry(3*time.Second), sse.Heartbeat(0)).Stream(iron.NewRequest("GET", "/", nil), func(_ context.Context, w *sse.Writer) error {
		return w.Comment("hello\nthere")
	}))
	require.NoError(t, err)
	assert.Equal(t, "retry: 3000\n: hello\n: there\n", out)
}

func TestHeartbeatWhileIdle(t *testing.T) {
	out, err := stream(t, sse.New(sse.Heartbeat(50*time.Millisecond)).Stream(iron.NewRequest("GET", "/", nil), func(_ context.Context, w *sse.Writer) error {
		time.Sleep(300 * time.Millisecond)
		return w.Send(sse.Event{Data: "done"})
	}))
	require.NoError(t, err)
	assert.GreaterOrEqual(t, strings.Count(out, ": heartbeat\n"), 2, out)
	assert.True(t, strings.HasSuffix(out, "data: done\n\n"), out)
}

func TestNoHeartbeatWhileBusy(t *testing.T) {
	out, err := stream(t, sse.New(sse.Heartbeat(time.Second)).Stream(iron.NewRequest("GET", "/", nil), func(_ context.Context, w *sse.Writer) error {
		for range 20 {
			if err := w.Send(sse.Event{Data: "x"}); err != nil {
				return err
			}
			time.Sleep(10 * time.Millisecond)
		}
		return nil
	}))
	require.NoError(t, err)
	assert.NotContains(t, out, "heartbeat")
}

// failingWriter fails every write after the first n bytes.
type failingWriter struct{ n int }

func (f *failingWriter) Write(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, io.ErrClosedPipe
	}
	f.n -= len(p)
	return len(p), nil
}

func TestAWriteFailureEndsTheProducer(t *testing.T) {
	res := sse.New(sse.Heartbeat(0)).Stream(iron.NewRequest("GET", "/", nil), func(ctx context.Context, w *sse.Writer) error {
		for {
			if err := w.Send(sse.Event{Data: "x"}); err != nil {
				require.Error(t, ctx.Err(), "the context ended with the write")
				return err
			}
		}
	})
	_, err := res.Body().WriteTo(&failingWriter{n: 100})
	assert.ErrorIs(t, err, io.ErrClosedPipe)
}

func live() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) }

func TestProducerResults(t *testing.T) {
	boom := errors.New("boom")
	for _, tc := range []struct {
		name    string
		ctx     func() (context.Context, context.CancelFunc)
		produce sse.Producer
		want    error
	}{
		{"done", live, sendAll(sse.Event{Data: "x"}), nil},
		{"failed: the server aborts the stream", live, func(context.Context, *sse.Writer) error { return boom }, boom},
		{"the client left", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}, func(ctx context.Context, _ *sse.Writer) error { <-ctx.Done(); return ctx.Err() }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := iron.NewRequest("GET", "/", nil)
			ctx, cancel := tc.ctx()
			defer cancel()
			req.SetContext(ctx)
			_, err := stream(t, sse.Stream(req, tc.produce))
			assert.Equal(t, tc.want, err)
		})
	}
}

func TestWriterAfterTheStream(t *testing.T) {
	var kept *sse.Writer
	_, err := stream(t, sse.Stream(iron.NewRequest("GET", "/", nil), func(_ context.Context, w *sse.Writer) error {
		kept = w
		return nil
	}))
	require.NoError(t, err)
	assert.ErrorIs(t, kept.Send(sse.Event{Data: "late"}), sse.ErrClosed)
	assert.ErrorIs(t, kept.Comment("late"), sse.ErrClosed)
}

func TestLastEventID(t *testing.T) {
	for _, tc := range []struct{ header, want string }{
		{"", ""}, {"41", "41"}, {"a\x00b", ""}, {"evt-7 ", "evt-7 "},
	} {
		req := iron.NewRequest("GET", "/", nil)
		if tc.header != "" {
			req.Header().Set("Last-Event-ID", tc.header)
		}
		assert.Equal(t, tc.want, sse.LastEventID(req), "%q", tc.header)
	}
}

func TestNilProducerPanics(t *testing.T) {
	req := iron.NewRequest("GET", "/", nil)
	assert.PanicsWithError(t, "sse: Stream(req, nil): a producer is required", func() { sse.Stream(req, nil) })
	assert.PanicsWithError(t, "sse: Stream(req, nil): a producer is required", func() { sse.New().Stream(req, nil) })
}

// Options are checked by New, at start-up: a bad value panics there, with
// an error naming the option and the value, and never on a request.
func TestNewChecksOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  sse.Option
		want string
	}{
		{"negative heartbeat", sse.Heartbeat(-time.Second), "sse: Heartbeat(-1s): must not be negative"},
		{"tiny retry", sse.Retry(time.Microsecond), "sse: Retry(1µs): must be at least 1ms"},
		{"zero retry", sse.Retry(0), "sse: Retry(0s): must be at least 1ms"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.PanicsWithError(t, tc.want, func() { sse.New(tc.opt) })
		})
	}
	assert.NotPanics(t, func() { sse.New(nil, sse.Heartbeat(0), sse.Retry(time.Millisecond)) }, "nil options are skipped")
}

// One Streamer serves many requests at once; each stream gets its own
// Writer and the Streamer's settings.
func TestStreamerIsShared(t *testing.T) {
	events := sse.New(sse.Retry(time.Second), sse.Heartbeat(0))
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			out, err := stream(t, events.Stream(iron.NewRequest("GET", "/", nil), sendAll(sse.Event{Data: strconv.Itoa(i)})))
			assert.NoError(t, err)
			assert.Equal(t, "retry: 1000\ndata: "+strconv.Itoa(i)+"\n\n", out)
		})
	}
	wg.Wait()
}

// Stream is New().Stream: the default heartbeat, no retry field.
func TestStreamDefaults(t *testing.T) {
	out, err := stream(t, sse.Stream(iron.NewRequest("GET", "/", nil), sendAll(sse.Event{Data: "x"})))
	require.NoError(t, err)
	assert.Equal(t, "data: x\n\n", out, "no retry field by default")
}
