package worker

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/panjf2000/ants/v2"
)

// ErrOverloaded is returned by [Pool.Invoke] when every worker is busy and
// the queue is full.
var ErrOverloaded = errors.New("iron: worker pool overloaded")

// ErrClosed is returned by [Pool.Invoke] once the pool has been released.
var ErrClosed = errors.New("iron: worker pool closed")

// NoQueue is the Queue of a pool where no caller waits for a worker: once all
// are busy, Invoke fails at once with [ErrOverloaded].
const NoQueue = -1

// DefaultQueue is the Queue a pool of the given number of workers has when
// none is configured: four waiting callers per worker.
func DefaultQueue(workers int) int { return 4 * workers }

// Config says how large a [Pool] is and how it behaves when full.
type Config struct {
	// Workers is the most tasks that run at once; it must be positive.
	Workers int
	// Queue is the most callers of Invoke that wait for a free worker once
	// all are busy. 0 means the default, [DefaultQueue] (four per worker);
	// [NoQueue] (or any negative value) means none wait. Ignored when Block
	// is set.
	Queue int
	// Block makes Invoke wait for a free worker however many callers wait
	// already, instead of failing with ErrOverloaded.
	Block bool
	// PanicHandler receives the value of a panic that escaped a task; nil
	// ignores it. The worker keeps running either way.
	PanicHandler func(p any)
}

// Pool runs fn over the arguments given to Invoke on a bounded set of
// goroutines. It is safe for concurrent use.
type Pool[T any] struct {
	ants    *ants.Pool
	fn      func(T)
	onPanic func(any)
	calls   sync.Pool // of *call[T]
	shed    atomic.Uint64
	done    atomic.Uint64
	busy    atomic.Int64
}

// call carries one argument to a worker. ants' pool of plain tasks is used
// rather than its pool of functions with an argument: a worker of the
// latter waits in a select over two channels, which costs a hand-off about
// a thousand instructions more than the former's plain receive. A call and
// its run func are made once and reused, so a hand-off allocates nothing.
type call[T any] struct {
	p   *Pool[T]
	arg T
	run func() // c.exec, made once
}

func (c *call[T]) exec() {
	p, arg := c.p, c.arg
	var zero T
	c.arg = zero
	p.calls.Put(c) // free before fn runs, which may take long
	p.execute(arg)
}

// Stats is a snapshot of a pool's state.
type Stats struct {
	Workers int    // capacity: the most tasks that run at once
	Running int    // worker goroutines alive (busy, or idle and kept warm)
	Busy    int    // tasks running now
	Free    int    // tasks that could start now without waiting: Workers - Busy
	Queued  int    // callers waiting for a free worker
	Done    uint64 // tasks finished
	Shed    uint64 // Invoke calls refused with ErrOverloaded
}

// New returns a pool that runs fn with the given config. It fails when
// Workers is not positive.
func New[T any](cfg Config, fn func(T)) (*Pool[T], error) {
	if cfg.Workers <= 0 {
		return nil, fmt.Errorf("worker: Workers must be positive, got %d", cfg.Workers)
	}
	if fn == nil {
		return nil, errors.New("worker: nil task function")
	}
	if cfg.Queue == 0 {
		cfg.Queue = DefaultQueue(cfg.Workers)
	}
	p := &Pool[T]{fn: fn, onPanic: cfg.PanicHandler}
	p.calls.New = func() any {
		c := &call[T]{p: p}
		c.run = c.exec
		return c
	}
	opts := []ants.Option{
		// Idle workers are retired after a while, so a burst does not
		// keep thousands of goroutines (and their stacks) alive.
		ants.WithExpiryDuration(10 * time.Second),
		// No ants.WithPanicHandler: run recovers every panic itself, so
		// that the worker goroutine survives it; ants' handler would never
		// be called.
	}
	switch {
	case cfg.Block:
	case cfg.Queue < 0:
		opts = append(opts, ants.WithNonblocking(true))
	default:
		opts = append(opts, ants.WithMaxBlockingTasks(cfg.Queue))
	}
	ap, err := ants.NewPool(cfg.Workers, opts...)
	if err != nil {
		return nil, fmt.Errorf("worker: %w", err)
	}
	p.ants = ap
	return p, nil
}

// execute runs fn on a worker; recovering here (rather than in ants' panic
// handler) keeps the worker goroutine alive after a panic.
func (p *Pool[T]) execute(arg T) {
	p.busy.Add(1)
	defer func() {
		p.busy.Add(-1)
		if r := recover(); r != nil && p.onPanic != nil {
			p.onPanic(r)
		}
		p.done.Add(1)
	}()
	p.fn(arg)
}

// Invoke hands arg to a free worker. When all are busy it waits in the queue
// or, with the queue full, fails with [ErrOverloaded]; on a released pool it
// fails with [ErrClosed]. It allocates nothing.
func (p *Pool[T]) Invoke(arg T) error {
	c := p.calls.Get().(*call[T])
	c.arg = arg
	err := p.ants.Submit(c.run)
	if err != nil {
		var zero T
		c.arg = zero
		p.calls.Put(c)
	}
	return p.submitted(err)
}

// Bind returns a func that hands arg to a worker as Invoke(arg) does, and
// reports as it does, without Invoke's carrier: for a caller that hands the
// same argument over again and again (a connection, each time it has
// bytes). Bind allocates; the func it returns does not.
func (p *Pool[T]) Bind(arg T) func() error {
	run := func() { p.execute(arg) }
	return func() error { return p.submitted(p.ants.Submit(run)) }
}

// submitted turns ants' answer to a submission into the pool's.
func (p *Pool[T]) submitted(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ants.ErrPoolOverload):
		p.shed.Add(1)
		return ErrOverloaded
	case errors.Is(err, ants.ErrPoolClosed):
		return ErrClosed
	}
	return err
}

// Tune changes the number of workers to n (at least 1) while the pool runs.
// Shrinking lets running tasks finish; surplus workers retire as they do.
func (p *Pool[T]) Tune(n int) {
	if n < 1 {
		n = 1
	}
	p.ants.Tune(n)
}

// Contended reports whether callers wait for a free worker now: a task that
// could go on with more work should let them go first. It is one atomic
// load.
func (p *Pool[T]) Contended() bool { return p.ants.Waiting() > 0 }

// Stats returns a snapshot of the pool's state.
func (p *Pool[T]) Stats() Stats {
	workers, busy := p.ants.Cap(), int(p.busy.Load())
	return Stats{
		Workers: workers,
		Running: p.ants.Running(),
		Busy:    busy,
		Free:    max(workers-busy, 0),
		Queued:  p.ants.Waiting(),
		Done:    p.done.Load(),
		Shed:    p.shed.Load(),
	}
}

// Release closes the pool: callers waiting for a worker, and later calls to
// Invoke, fail with [ErrClosed]. Running tasks finish; Release waits up to
// timeout for their workers to exit, and reports whether they did.
func (p *Pool[T]) Release(timeout time.Duration) bool {
	return p.ants.ReleaseTimeout(timeout) == nil
}

// DefaultWorkers is the number of workers a server uses when none is
// configured: 256 per GOMAXPROCS. Handlers spend most of their time waiting
// (databases, other services, slow clients reading bodies), and a worker is
// only a goroutine, so the bound is set for the work that waits rather than
// for the CPUs; CPU-bound handlers never use more than a few at once.
func DefaultWorkers() int { return 256 * runtime.GOMAXPROCS(0) }
