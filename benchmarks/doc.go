// Package benchmarks holds Iron's Go benchmarks: the engine's whole
// request/response cycle over a real loopback connection (one request at a
// time, and pipelined), the hand-off to the worker pool and the choice of
// worker count, as well as the chain, the router and the net/http adapter.
// The load-test target for the side-by-side runs against other Go servers is
// the server command in ./server; README.md records the figures and the
// commands that made them.
package benchmarks
