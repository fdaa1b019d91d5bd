// Command adaptive shows what ext/adaptive does under overload: it serves a
// handler whose latency grows with concurrency — a simulated database of
// fixed capacity, -slots connections each busy -service per query — with
// the engine, and ramps an open-loop load over loopback through it, first
// with a fixed worker limit that is too high, then with the adaptive limit.
// For each step of the ramp it prints the offered load, what was served,
// the share shed with 503, the latency percentiles of the answers served
// (from the moment each request was due, so that a slow server cannot hide
// its queue) and the mean worker limit.
//
//	go run ./benchmarks/adaptive
//	go run ./benchmarks/adaptive -step 5s -loads 0.5,1,1.5,2,3
//
// By default the database has 8 connections and a query takes 5 ms, a
// capacity of 1,600 requests a second, and the ramp offers 0.5 to 3 times
// that. Each step runs -step long (2 s by default); the whole run takes
// about 2 × steps × step. Shed requests cost a new connection each (the
// engine closes a connection it sheds), so a faster database (-service 2ms)
// mostly measures connection churn on a small machine. The figures are for
// a quiet machine: the load generator shares it with the server.
package main

import (
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

func main() {
	var p params
	var loads string
	flag.IntVar(&p.slots, "slots", 8, "the simulated database's connections")
	flag.DurationVar(&p.service, "service", 5*time.Millisecond, "the time a query holds a connection")
	flag.StringVar(&loads, "loads", "0.5,1,1.5,2,3", "offered loads, as multiples of the capacity (slots/service)")
	flag.DurationVar(&p.step, "step", 2*time.Second, "how long each load runs")
	flag.IntVar(&p.workers, "workers", 256, "the fixed worker limit, and the adaptive limit's Max")
	flag.IntVar(&p.queue, "queue", 4, "the engine's queue, in both configurations")
	flag.DurationVar(&p.timeout, "timeout", 2*time.Second, "how long a client waits for an answer")
	only := flag.String("only", "", `run one configuration: "fixed" or "adaptive"`)
	flag.Parse()
	for f := range strings.SplitSeq(loads, ",") {
		x, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
		if err != nil || x <= 0 {
			log.Fatalf("-loads: %q is not a positive number", f)
		}
		p.loads = append(p.loads, x)
	}
	if p.slots < 1 || p.service <= 0 || p.step <= 0 || p.workers < 1 || p.timeout <= 0 {
		log.Fatal("-slots, -service, -step, -workers and -timeout must be positive")
	}
	configs := []config{fixed, adaptiveLimit}
	switch *only {
	case "":
	case "fixed":
		configs = configs[:1]
	case "adaptive":
		configs = configs[1:]
	default:
		log.Fatalf("-only: %q is neither fixed nor adaptive", *only)
	}

	fmt.Printf("GOMAXPROCS %d; database: %d connections × %v per query = capacity %.0f req/s; engine queue %d; steps of %v\n\n",
		runtime.GOMAXPROCS(0), p.slots, p.service, p.capacity(), p.queue, p.step)
	for _, c := range configs {
		rows, err := run(c, p)
		if err != nil {
			log.Fatal(err)
		}
		printTable(os.Stdout, c.name(p), rows)
	}
}
