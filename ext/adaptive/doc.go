// Package adaptive sets a server's worker limit from the latency it
// measures, so that under more load than the handler can serve, requests
// keep close to the latency they have unloaded and the excess is shed with
// 503 at once, instead of every request waiting longer and longer. It is a
// gradient controller in the manner of Envoy's adaptive concurrency filter
// and Netflix's concurrency-limits, written for Iron's engine, and opt-in.
//
//	c := chain.New(r)
//	e := engine.New(c, engine.Queue(16))
//	c.LinkAround(adaptive.New(e, adaptive.Max(512)))
//	log.Fatal(e.ListenAndServe(":3000"))
//
// # Why
//
// A handler that waits on something of fixed capacity — a database with 8
// connections, a service with its own limit — serves at most that capacity
// at once; every request past it waits inside the handler. With 256 workers
// and 8 connections, a request waits behind 31 others: 32 times its
// unloaded latency, for every request, while throughput stays the same.
// The right worker limit is near the capacity, which nobody knows in
// advance and which changes when the database does. This package finds it.
//
// # How
//
// The [Limiter] is an around middleware that times each request. It keeps:
//
//   - a baseline: the latency at low concurrency, measured by lowering the
//     limit to [Min] until 50 requests have been timed, at start-up and
//     every [ProbeInterval] (30 s, plus up to 15 % at random so instances
//     behind one load balancer do not probe together), and early when the
//     limit has stayed at Min for 5 windows. It also drops whenever a window
//     is faster than it;
//   - a window: every [Interval] (100 ms), the latencies of the requests that
//     ended in it (at least 10 of them, or what 10 intervals brought),
//     summed up by a [Percentile] (p90).
//
// At the end of each window the limit L becomes g·L + √L, with the gradient
// g = baseline·(1 + [Tolerance]) / window latency, held between 0.5 and 2.
// When requests are no slower than the baseline allows, g ≥ 1 and the limit
// rises (by a quarter of the step per window: a rise is a guess); when they
// are slower, it falls at once, by half at most per window (a fall is a
// measured overload). The √L is headroom, so that the limit keeps looking
// for more capacity; it settles a little above the capacity, where latency
// is somewhat above the baseline. The limit rises only when it is in use:
// when at least half of it was in flight during the window, or requests
// waited in the engine's queue. It stays between [Min] and [Max].
//
// The limit is the engine's worker limit, set with Tune; the engine does the
// rest. Past the limit, requests wait in its queue (keep engine.Queue small:
// time in the queue is not measured, and a long queue is the latency this
// package is there to avoid), and past the queue they are shed with 503 and
// Retry-After, which a load balancer retries elsewhere.
//
// # What it measures, and what it cannot know
//
// Linked around the handler (c.LinkAround), it times the handler and the
// arounds inside it; wrapping the whole chain, every middleware. Requests
// whose duration says nothing of load — long polls, event streams,
// websockets — should be left out with [Skip]. Requests that started before
// a probe are left out of the probe's measurement.
//
// A handler that gets slower at any load (the database got slower for good)
// first looks like overload: the limit falls, and it recovers once the next
// probe has measured the new baseline — at once if the limit fell to Min,
// else within ProbeInterval. A probe sheds more for its moment at Min: the
// time 50 requests take at Min concurrency.
//
// The controller assumes that latency grows with the requests it lets run
// at once. When the server's CPU is spent on the requests it sheds (new
// connections for each, at thousands a second), latency grows with the
// arrival rate instead, and a lower limit only sheds more; such a server
// needs more instances, not a limit.
//
// # Cost
//
// A request costs two clock reads, three atomic additions (in flight, the
// latency histogram's bucket) and a compare-and-swap for the peak; once per
// Interval one request also sums a histogram of a few hundred buckets and
// may call Tune. Nothing allocates per request and no lock is taken but by
// that one request, with TryLock.
package adaptive
