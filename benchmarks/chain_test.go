package benchmarks

import (
	"testing"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
)

var benchStarted = iron.NewKey[time.Time]("bench.started")

// BenchmarkChain runs a request through a chain with a before, an around and
// an after, the seed's response timer among them, on one reused request as
// the engine does. The chain itself allocates nothing: 0 allocs/op, the
// copy of the shared response the after is handed included.
func BenchmarkChain(b *testing.B) {
	ok := iron.With(200, "Hello World")
	c := chain.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return ok, nil }))
	c.LinkBefore(iron.BeforeFunc(func(req *iron.Request) error {
		iron.Set(req, benchStarted, time.Now())
		return nil
	}))
	c.LinkAround(iron.AroundFunc(func(next iron.Handler) iron.Handler { return next }))
	c.LinkAfter(iron.AfterFunc(func(req *iron.Request, res *iron.Response) (*iron.Response, error) {
		_, _ = iron.Get(req, benchStarted)
		return res, nil
	}))
	runChain(b, c, &iron.Incoming{Method: "GET", Target: "/plaintext", Proto: "HTTP/1.1", Host: "bench"})
}

// BenchmarkChainError runs the error path: a failing before, catches, and a
// recovering after-catch.
func BenchmarkChainError(b *testing.B) {
	fail := iron.Errorf(401, "no")
	recovered := iron.With(200, "recovered")
	c := chain.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return recovered, nil }))
	c.LinkBefore(iron.BeforeFunc(func(*iron.Request) error { return fail }))
	c.LinkAfter(recoverAll{recovered})
	runChain(b, c, &iron.Incoming{Method: "GET", Target: "/", Proto: "HTTP/1.1", Host: "bench"})
}

type recoverAll struct{ res *iron.Response }

func (r recoverAll) After(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
	return res, nil
}

func (r recoverAll) CatchAfter(*iron.Request, error) (*iron.Response, error) { return r.res, nil }

// BenchmarkAfterSetsHeader runs an after middleware that sets a header on the
// response a handler shares between requests, in place: the chain hands it
// the request's own copy, so this costs 0 allocs/op in steady state.
func BenchmarkAfterSetsHeader(b *testing.B) {
	c := chain.New(iron.HandlerFunc(sharedPage))
	c.LinkAfter(iron.AfterFunc(func(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
		res.SetHeader("X-Frame-Options", "DENY")
		return res, nil
	}))
	runChain(b, c, &iron.Incoming{Method: "GET", Target: "/", Proto: "HTTP/1.1", Host: "bench"})
}
