module github.com/iron-go/iron/benchmarks/peers

go 1.26.0

replace github.com/iron-go/iron => ../..

require (
	github.com/go-chi/chi/v5 v5.5.0
	github.com/iron-go/iron v0.0.0-00010101000000-000000000000
	github.com/julienschmidt/httprouter v1.3.0
)
