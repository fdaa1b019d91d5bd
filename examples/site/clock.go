package main

import (
	"context"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/sse"
)

// clockEvents streams the clock's events. Browsers that lose the stream
// reconnect after two seconds (to another instance, behind a load
// balancer). Made once, at start-up: a bad option panics here, not on a
// request.
var clockEvents = sse.New(sse.Retry(2 * time.Second))

// clock answers GET /api/clock with a stream of server-sent events: a "tick"
// with the server's time (RFC 3339) at once and then every second, until the
// client leaves or the server shuts down.
func (s *site) clock(req *iron.Request) (*iron.Response, error) {
	streams := s.streams // ends when the server begins to shut down
	return clockEvents.Stream(req, func(ctx context.Context, w *sse.Writer) error {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			// A client that left is noticed by a failed Send (the context
			// ends then too): a tick every second finds it within a second.
			if err := w.Send(sse.Event{Event: "tick", Data: time.Now().UTC().Format(time.RFC3339)}); err != nil {
				return nil // the client is gone; nothing to report
			}
			select {
			case <-ctx.Done():
				return nil
			case <-streams.Done():
				// The server is shutting down: end the stream, so that the
				// shutdown does not wait for it. The browser reconnects, to
				// another instance behind a load balancer.
				return nil
			case <-t.C:
			}
		}
	}), nil
}
