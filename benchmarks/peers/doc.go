// Package peers compares Iron's router with popular Go radix routers,
// julienschmidt/httprouter and go-chi/chi, on the 203 routes of the GitHub
// REST API, in the same run. It is a module of its own so that the peers
// never enter the library's go.mod:
//
//	cd benchmarks/peers && go test -run '^$' -bench . -benchmem
package peers
