package sse_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/sse"
)

func Example() {
	// Made once, at start-up, where a bad option panics: browsers are told
	// to reconnect after two seconds.
	events := sse.New(sse.Retry(2 * time.Second))

	// GET /api/clock: an event "tick" every interval until the client
	// leaves (here, three ticks and done, so the example ends).
	clock := func(req *iron.Request) (*iron.Response, error) {
		return events.Stream(req, func(ctx context.Context, w *sse.Writer) error {
			t := time.NewTicker(10 * time.Millisecond)
			defer t.Stop()
			for i := 1; i <= 3; i++ {
				select {
				case <-ctx.Done():
					return nil
				case <-t.C:
				}
				if err := w.Send(sse.Event{ID: strconv.Itoa(i), Event: "tick", Data: "tick " + strconv.Itoa(i)}); err != nil {
					return err
				}
			}
			return nil
		}), nil
	}

	res, _ := clock(iron.NewRequest("GET", "/api/clock", nil))
	fmt.Println(res.ContentType())
	_, _ = res.Body().WriteTo(os.Stdout) // what a server sends, event by event
	// Output:
	// text/event-stream
	// retry: 2000
	// id: 1
	// event: tick
	// data: tick 1
	//
	// id: 2
	// event: tick
	// data: tick 2
	//
	// id: 3
	// event: tick
	// data: tick 3
}
