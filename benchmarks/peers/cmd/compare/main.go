// Command compare measures Iron's server side by side with the peers of this
// module under the same load, in the same run, and reports medians and
// ratios: a Markdown report on stdout, every raw measurement in a JSON file.
//
//	cd benchmarks/peers
//	go run ./cmd/compare -rounds 3 -duration 5s -pipeline 1,16 -out ../comparison.json > ../comparison.md
//
// It builds every server into a temporary directory, checks that each one
// answers the contract (see package contract; with pipelining also N
// requests written at once), and then, for each pipeline depth and each
// round, runs the servers one after the other in an order that rotates by
// one each round: start on a free loopback port, warm up with wrk over
// every endpoint, run wrk -t1 -c64 --latency once per endpoint, stop.
// Around each wrk run it reads /proc to get the server's CPU time (its
// whole process tree) and the CPU other processes used meanwhile; a run
// during which they used more than -noise % of the machine is measured
// again (at most -retries times) and marked ⚠ if still noisy. After the
// endpoints it reads the server's peak resident memory (VmHWM).
//
// wrk must be installed (Debian package wrk). Progress goes to stderr.
// Flags: go run ./cmd/compare -h.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/iron-go/iron/benchmarks/peers/internal/contract"
	"github.com/iron-go/iron/benchmarks/peers/internal/fleet"
	"github.com/iron-go/iron/benchmarks/peers/internal/report"
	"github.com/iron-go/iron/benchmarks/peers/internal/wrk"
)

// config is the command line, checked.
type config struct {
	rounds      int
	duration    time.Duration
	warmup      time.Duration
	threads     int
	connections int
	pipelines   []int
	endpoints   []contract.Endpoint
	only        []string
	extra       []fleet.Server
	project     string
	pin         bool
	noise       float64
	retries     int
	maxRetries  int
	out         string
	root        string
	keep        bool
	check       bool
}

type serverFlags []fleet.Server

func (s *serverFlags) String() string { return "" }
func (s *serverFlags) Set(v string) error {
	srv, err := fleet.ParseCommand(v)
	if err != nil {
		return err
	}
	*s = append(*s, srv)
	return nil
}

func parseFlags(args []string) (config, error) {
	var c config
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	fs.IntVar(&c.rounds, "rounds", 3, "rounds; the server order rotates by one each round")
	fs.DurationVar(&c.duration, "duration", 5*time.Second, "length of each measured wrk run (whole seconds)")
	fs.DurationVar(&c.warmup, "warmup", 2*time.Second, "warm-up before each server's runs, over every endpoint (whole seconds, 0: none)")
	fs.IntVar(&c.threads, "threads", 1, "wrk threads (-t)")
	fs.IntVar(&c.connections, "connections", 64, "wrk connections (-c)")
	pipelines := fs.String("pipeline", "1", "requests per write, a comma-separated list measured one after the other (1: no pipelining; 16: as TechEmpower)")
	endpoints := fs.String("endpoints", "plaintext,json,user", "endpoints to measure")
	only := fs.String("only", "", "servers to run, comma-separated (default: all: iron,"+strings.Join(fleet.Peers, ",")+", and every -server)")
	var extra serverFlags
	fs.Var(&extra, "server", "a further server, 'NAME=COMMAND ARGS', {addr} standing for host:port (repeatable), e.g. 'main=/tmp/iron-main -addr {addr}'")
	fs.StringVar(&c.project, "project", fleet.Iron, "the server the SUMMARY lines speak of")
	fs.BoolVar(&c.pin, "pin", false, "run the server on CPU 1 with GOMAXPROCS=1 and wrk on CPU 0 (taskset): less noise, single-core efficiency")
	fs.Float64Var(&c.noise, "noise", 10, "background CPU, in % of the machine, above which a run is noisy")
	fs.IntVar(&c.retries, "retries", 1, "re-runs of a noisy run")
	fs.IntVar(&c.maxRetries, "max-retries", 10, "re-runs of noisy runs in all")
	fs.StringVar(&c.out, "out", "results.json", "JSON file for every raw measurement (empty: none)")
	fs.StringVar(&c.root, "root", "", "the iron repository's root, where ./benchmarks/server is built (default: found from this module)")
	fs.BoolVar(&c.check, "check", false, "build and check every server against the contract (pipelined too), then stop: no load")
	fs.BoolVar(&c.keep, "keep", false, "keep the work directory (binaries, wrk scripts, server logs)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: go run ./cmd/compare [flags] > report.md\n\n"+
			"Measures the servers side by side with wrk and reports medians and ratios.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	c.extra = extra
	for _, p := range splitList(*pipelines) {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 1024 {
			return c, fmt.Errorf("-pipeline %q: want whole numbers from 1 to 1024", *pipelines)
		}
		if !slices.Contains(c.pipelines, n) {
			c.pipelines = append(c.pipelines, n)
		}
	}
	if len(c.pipelines) == 0 {
		return c, errors.New("-pipeline: no depth given")
	}
	var err error
	if c.endpoints, err = contract.Lookup(splitList(*endpoints)); err != nil {
		return c, err
	}
	c.only = splitList(*only)
	switch {
	case c.rounds < 1:
		return c, fmt.Errorf("-rounds %d: at least 1", c.rounds)
	case c.duration < time.Second || c.duration%time.Second != 0:
		return c, fmt.Errorf("-duration %v: whole seconds, at least 1s (wrk counts in seconds)", c.duration)
	case c.warmup < 0 || c.warmup%time.Second != 0:
		return c, fmt.Errorf("-warmup %v: whole seconds", c.warmup)
	case c.threads < 1 || c.connections < c.threads:
		return c, fmt.Errorf("-threads %d -connections %d: at least one connection per thread", c.threads, c.connections)
	case c.noise <= 0:
		return c, fmt.Errorf("-noise %v: a positive percentage", c.noise)
	case c.retries < 0 || c.maxRetries < 0:
		return c, errors.New("-retries and -max-retries: zero or more")
	}
	if c.pin {
		if runtime.NumCPU() < 2 {
			return c, errors.New("-pin needs at least 2 CPUs")
		}
		if _, err := exec.LookPath("taskset"); err != nil {
			return c, errors.New("-pin needs taskset (Debian package util-linux)")
		}
	}
	return c, nil
}

func splitList(s string) []string {
	var out []string
	for f := range strings.SplitSeq(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func main() {
	cfg, err := parseFlags(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(2)
	}
	if _, err := wrk.Find(); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	f, err := run(ctx, cfg)
	if f != nil && cfg.out != "" && len(f.Runs) > 0 {
		if serr := f.Save(cfg.out); serr != nil {
			fmt.Fprintln(os.Stderr, "compare:", serr)
		} else {
			fmt.Fprintln(os.Stderr, "compare: raw measurements in", cfg.out)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
	if cfg.check {
		return
	}
	if err := report.Write(os.Stdout, f); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}
