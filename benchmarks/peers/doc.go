// Package peers is the module of Iron's comparisons with other Go servers.
// It is a module of its own so that the peers never enter the library's
// go.mod. It holds two things:
//
// The router benchmark (this package's tests): Iron's router beside
// julienschmidt/httprouter and go-chi/chi on the 203 routes of the GitHub
// REST API, in the same run:
//
//	cd benchmarks/peers && go test -run '^$' -bench . -benchmem
//
// The side-by-side load comparison: one small server per peer under cmd/
// (nethttp, fasthttp, gin, chi, echo, fiber, raw) answering the contract
// of package internal/contract, the driver cmd/compare around wrk, the
// idle-connection test cmd/idle, and cmd/chart, which draws the results:
//
//	cd benchmarks/peers
//	go run ./cmd/compare -rounds 3 -duration 5s -pipeline 1,16 -out ../comparison.json > ../comparison.md
//	go run ./cmd/chart -in ../comparison.json -out ../chart.png
//	go run ./cmd/idle > ../idle.md
//
// ../README.md explains the method and what each number means.
package peers
