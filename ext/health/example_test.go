package health_test

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/health"
)

// server stands for the engine, whose *Engine has the same method.
type server struct{ draining atomic.Bool }

func (s *server) Draining() bool { return s.draining.Load() }

func Example() {
	srv := &server{}
	db := health.Check{Name: "db", Func: func(ctx context.Context) error { return nil }}
	live := health.Live()
	ready := health.Ready(srv, health.Checks(db))

	show := func(h iron.Handler) {
		res, _ := h.Handle(iron.NewRequest("GET", "/", nil))
		body, _ := res.Body().Bytes()
		fmt.Println(res.Status, string(body))
	}
	show(live)
	show(ready)
	srv.draining.Store(true) // Shutdown has begun
	show(ready)
	show(live)
	// Output:
	// 200 {"status":"ok"}
	// 200 {"status":"ok"}
	// 503 {"status":"unavailable","draining":true}
	// 200 {"status":"ok"}
}
