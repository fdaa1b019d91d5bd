// Package sse answers a request with a stream of Server-Sent Events (the
// HTML Living Standard's text/event-stream), on the engine and under
// net/http alike.
//
// A [Streamer], made once at start-up by [New] with its options, answers a
// request with [Streamer.Stream]: a response whose body runs a producer
// function as it is sent. The producer writes events with [Writer.Send]
// until it is done or its context ends, which happens when the client goes
// away or the server shuts down:
//
//	events := sse.New(sse.Retry(2 * time.Second)) // options checked here, at start-up
//
//	func clock(req *iron.Request) (*iron.Response, error) {
//		return events.Stream(req, func(ctx context.Context, w *sse.Writer) error {
//			t := time.NewTicker(time.Second)
//			defer t.Stop()
//			for {
//				select {
//				case <-ctx.Done():
//					return nil
//				case now := <-t.C:
//					if err := w.Send(sse.Event{Event: "tick", Data: now.Format(time.RFC3339)}); err != nil {
//						return err
//					}
//				}
//			}
//		}), nil
//	}
//
// [Stream] is the same with the default settings, for a handler that needs
// no option: sse.Stream(req, produce).
//
// The response is 200 with Content-Type: text/event-stream, Cache-Control:
// no-cache and X-Accel-Buffering: no (so nginx passes events on at once
// instead of buffering them), and no Content-Length: the engine sends it
// chunked. Headers are flushed before the producer starts, so a browser's
// EventSource opens at once, and every event and comment is flushed as it
// is written.
//
// # Events
//
// [Event] fields become the lines of one event: "id", "event", one "data"
// line per line of Data (split at CRLF, CR or LF, so multi-line data
// arrives intact), and "retry" in milliseconds, then a blank line. An id
// with a line break or NUL, or an event name with a line break, would
// corrupt the stream: Send refuses it with [ErrInvalidEvent]. Browsers do
// not dispatch an event whose Data is empty (its id and retry still take
// effect). [Writer.Comment] writes comment lines, which clients ignore.
//
// # Configuration
//
// [New] takes the options ([Heartbeat], [Retry]) and checks them before it
// returns: a bad value (a negative heartbeat, a retry under a millisecond)
// panics there with an error naming the option and the value, never on a
// request (CONTRIBUTING.md's convention).
//
// # Heartbeats and the end of the stream
//
// While the producer sends nothing for [Heartbeat] (15 s unless set; 0
// turns it off), a comment line ": heartbeat" is written, so that proxies
// and load balancers do not close the connection as idle, and so that a
// client that left is noticed by a failed write even where the server
// cannot watch the connection. The heartbeat runs in one goroutine per
// stream, which ends with the stream.
//
// The stream ends when the producer returns. A write that fails (the client
// left) cancels the producer's context and makes Send return the error, so
// a producer that returns Send's errors and watches ctx.Done() always
// stops. A producer's error other than its context ending is returned to
// the server, which aborts the response instead of ending it cleanly, so
// the client sees a broken stream and reconnects.
//
// # Cost
//
// A stream allocates its Writer, a context, a buffer that grows to the
// largest event, and (with heartbeats) one goroutine and a timer; each
// event is encoded into that buffer and written with one Write and one
// Flush.
//
// # Reconnecting
//
// A browser that reconnects sends the id of the last event it received in
// Last-Event-ID: [LastEventID] returns it, for a producer that resumes.
// [Retry] sets how long browsers wait before reconnecting.
package sse
