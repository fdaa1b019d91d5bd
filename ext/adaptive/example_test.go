package adaptive_test

import (
	"fmt"
	"net/http"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/ext/adaptive"
)

// server stands for *engine.Engine, which has the same two methods.
type server struct{ workers int }

func (s *server) Tune(n int) {
	fmt.Println("workers:", n)
	s.workers = n
}

func (s *server) Stats() engine.Stats { return engine.Stats{Workers: s.workers} }

func Example() {
	handler := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		time.Sleep(time.Millisecond) // a query
		return iron.With(http.StatusOK), nil
	})
	// With the engine: c := chain.New(r); e := engine.New(c, engine.Queue(16));
	// c.LinkAround(adaptive.New(e, ...)); e.ListenAndServe(addr).
	c := chain.New(handler)
	srv := &server{}
	limiter := adaptive.New(srv, adaptive.Initial(16), adaptive.Max(64), adaptive.Interval(10*time.Millisecond))
	c.LinkAround(limiter)

	for limiter.Baseline() == 0 { // the first 50 requests measure the baseline
		_, _ = c.Handle(iron.NewRequest("GET", "/", nil))
	}
	fmt.Println("limit:", limiter.Limit())
	// Output:
	// workers: 4
	// workers: 16
	// limit: 16
}
