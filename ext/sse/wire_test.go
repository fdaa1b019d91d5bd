package sse_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/ext/sse"
	"github.com/iron-go/iron/internal/servetest"
)

// event is one event as a client parses it (the HTML standard's
// interpretation of the stream, for the fields used here).
type event struct{ id, name, data string }

// readEvent reads lines up to the blank line that dispatches an event.
func readEvent(t *testing.T, r *bufio.Reader) event {
	t.Helper()
	var e event
	var data []string
	for {
		line, err := r.ReadString('\n')
		require.NoError(t, err)
		line = strings.TrimSuffix(line, "\n")
		if line == "" {
			if data == nil {
				continue // nothing to dispatch
			}
			e.data = strings.Join(data, "\n")
			return e
		}
		if strings.HasPrefix(line, ":") {
			continue
		}
		field, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch field {
		case "id":
			e.id = value
		case "event":
			e.name = value
		case "data":
			data = append(data, value)
		}
	}
}

func TestOverTheWire(t *testing.T) {
	for _, srv := range servetest.Both {
		t.Run(srv.Name, func(t *testing.T) {
			next := make(chan struct{})
			stopped := make(chan error, 1)
			events := sse.New(sse.Heartbeat(0))
			h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
				id, _ := strconv.Atoi(sse.LastEventID(req))
				return events.Stream(req, func(ctx context.Context, w *sse.Writer) error {
					for {
						id++
						if err := w.Send(sse.Event{ID: strconv.Itoa(id), Event: "tick", Data: fmt.Sprintf("first\nsecond %d", id)}); err != nil {
							stopped <- err
							return err
						}
						select {
						case <-ctx.Done():
							stopped <- ctx.Err()
							return nil
						case <-next:
						}
					}
				}), nil // no heartbeat: only the context tells the producer
			})
			addr := srv.Start(t, h)

			client := &http.Client{Timeout: 10 * time.Second}
			defer client.CloseIdleConnections()
			req, err := http.NewRequest("GET", "http://"+addr+"/clock", nil)
			require.NoError(t, err)
			req.Header.Set("Last-Event-ID", "41")
			res, err := client.Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			assert.Equal(t, 200, res.StatusCode)
			assert.Equal(t, "text/event-stream", res.Header.Get("Content-Type"))
			assert.Equal(t, "no-cache", res.Header.Get("Cache-Control"))
			assert.Equal(t, int64(-1), res.ContentLength)

			// The producer waits for us after each event: reading one proves
			// that it arrived while the stream is still open.
			r := bufio.NewReader(res.Body)
			assert.Equal(t, event{"42", "tick", "first\nsecond 42"}, readEvent(t, r))
			next <- struct{}{}
			assert.Equal(t, event{"43", "tick", "first\nsecond 43"}, readEvent(t, r))

			// The client leaves; the producer must see its context end.
			require.NoError(t, res.Body.Close())
			select {
			case err := <-stopped:
				assert.ErrorIs(t, err, context.Canceled)
			case <-time.After(5 * time.Second):
				t.Fatal("the producer is still running 5s after the client left")
			}
		})
	}
}

func TestStreamEndsWhenTheProducerReturns(t *testing.T) {
	for _, srv := range servetest.Both {
		t.Run(srv.Name, func(t *testing.T) {
			events := sse.New(sse.Retry(time.Second))
			h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
				return events.Stream(req, func(_ context.Context, w *sse.Writer) error {
					for i := range 3 {
						if err := w.Send(sse.Event{Data: strconv.Itoa(i)}); err != nil {
							return err
						}
					}
					return nil
				}), nil
			})
			addr := srv.Start(t, h)
			client := &http.Client{Timeout: 10 * time.Second}
			defer client.CloseIdleConnections()
			res, err := client.Get("http://" + addr + "/")
			require.NoError(t, err)
			defer res.Body.Close()
			body, err := io.ReadAll(res.Body)
			require.NoError(t, err, "a clean end of the chunked stream")
			assert.Equal(t, "retry: 1000\ndata: 0\n\ndata: 1\n\ndata: 2\n\n", string(body))
		})
	}
}

// TestClientLeavesAfterAQuietSpell is TestOverTheWire's disconnect with the
// stream quiet for longer than the engine's ReadHeaderTimeout before the
// client leaves: the server must still notice (the engine's disconnect watch
// once ended with the first head's read deadline).
func TestClientLeavesAfterAQuietSpell(t *testing.T) {
	servers := []servetest.Server{
		{Name: "engine", Start: func(t testing.TB, h iron.Handler) string {
			return servetest.Engine(t, h, engine.ReadHeaderTimeout(200*time.Millisecond))
		}},
		{Name: "net/http", Start: func(t testing.TB, h iron.Handler) string { return servetest.NetHTTP(t, h) }},
	}
	for _, srv := range servers {
		t.Run(srv.Name, func(t *testing.T) {
			stopped := make(chan error, 1)
			events := sse.New(sse.Heartbeat(0))
			h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
				return events.Stream(req, func(ctx context.Context, w *sse.Writer) error {
					if err := w.Send(sse.Event{Data: "hello"}); err != nil {
						return err
					}
					<-ctx.Done()
					stopped <- ctx.Err()
					return nil
				}), nil
			})
			addr := srv.Start(t, h)
			client := &http.Client{Timeout: 10 * time.Second}
			defer client.CloseIdleConnections()
			res, err := client.Get("http://" + addr + "/")
			require.NoError(t, err)
			assert.Equal(t, event{data: "hello"}, readEvent(t, bufio.NewReader(res.Body)))
			time.Sleep(600 * time.Millisecond)
			require.NoError(t, res.Body.Close())
			select {
			case err := <-stopped:
				assert.ErrorIs(t, err, context.Canceled)
			case <-time.After(5 * time.Second):
				t.Fatal("the producer is still running 5s after the client left")
			}
		})
	}
}

// TestHeadersBeforeTheFirstEvent: the client has the response (and an
// EventSource its "open") before the producer sends anything.
func TestHeadersBeforeTheFirstEvent(t *testing.T) {
	for _, srv := range servetest.Both {
		t.Run(srv.Name, func(t *testing.T) {
			first := make(chan struct{})
			events := sse.New(sse.Heartbeat(0))
			h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
				return events.Stream(req, func(ctx context.Context, w *sse.Writer) error {
					select {
					case <-first:
					case <-ctx.Done():
						return nil
					}
					return w.Send(sse.Event{Data: "first"})
				}), nil
			})
			addr := srv.Start(t, h)
			client := &http.Client{Timeout: 10 * time.Second}
			defer client.CloseIdleConnections()
			res, err := client.Get("http://" + addr + "/") // returns once the headers are in
			require.NoError(t, err)
			defer res.Body.Close()
			assert.Equal(t, "text/event-stream", res.Header.Get("Content-Type"))
			close(first)
			assert.Equal(t, event{data: "first"}, readEvent(t, bufio.NewReader(res.Body)))
		})
	}
}
