// Package worker is the bounded pool of goroutines that runs Iron's request
// handling, built on github.com/panjf2000/ants/v2.
//
// A [Pool] runs one function over arguments handed to it with [Pool.Invoke].
// At most Workers run at once; past that, at most Queue callers wait for a
// free worker (a zero Queue means the default, four per worker, as in every
// configuration of this module; [NoQueue] means none), and past that Invoke
// fails at once with [ErrOverloaded] so that the server can shed load (or,
// with Block, every caller waits).
//
// The wrapper exists so that none of ants' sharp edges reaches a user:
//
//   - a panic inside the function is recovered by the pool itself and
//     reported to the pool's PanicHandler (the worker goroutine keeps
//     running), so one bad task never shrinks the pool or kills the process;
//   - the argument travels in a reused carrier whose task func is made
//     once, so a hand-off allocates nothing in steady state: no closure per
//     task, no interface boxing; and ants' plain pool is used, whose
//     workers wait on one channel rather than in a select;
//   - Invoke never blocks forever on a closed pool: [Pool.Release] wakes
//     every waiting caller with [ErrClosed];
//   - ants cannot cancel a caller waiting for a worker; the engine only ever
//     waits from connection goroutines, never from inside a task, so a full
//     pool cannot deadlock on itself. Code that calls Invoke from inside a
//     task of the same pool must not use Block.
//
// Importing ants starts the goroutines of its default pool; tests that use
// go.uber.org/goleak ignore them (see this package's main_test.go).
package worker
