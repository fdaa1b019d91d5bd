// Command idle measures what 10,000 idle keep-alive connections cost each
// server, and whether the server stays responsive while holding them:
//
//	cd benchmarks/peers
//	go run ./cmd/idle [-conns 10000] [-only iron,nethttp,fasthttp,raw] > idle.md
//
// For each server: start it, time 20 fresh requests (a new connection
// each), open the connections (each sends one request, reads the answer
// and stays open), wait 2 s, read the server's VmRSS and thread count,
// time 20 fresh requests again, send one more request on 200 of the idle
// connections, close everything, stop the server. It prints a Markdown
// table with KiB per idle connection and a verdict, and exits with status
// 3 when a server is DEGRADED (see package idle). The open-files limit is
// raised as needed.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/iron-go/iron/benchmarks/peers/internal/contract"
	"github.com/iron-go/iron/benchmarks/peers/internal/fleet"
	"github.com/iron-go/iron/benchmarks/peers/internal/idle"
)

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

func main() {
	conns := flag.Int("conns", idle.Defaults.Conns, "idle connections to open")
	only := flag.String("only", "iron,nethttp,fasthttp,raw", "servers to test, comma-separated (all: iron,"+strings.Join(fleet.Peers, ",")+", and every -server)")
	openTimeout := flag.Duration("open-timeout", idle.Defaults.OpenTimeout, "the longest opening the connections may take")
	settle := flag.Duration("settle", idle.Defaults.Settle, "wait after opening, before reading memory")
	root := flag.String("root", "", "the iron repository's root (default: found from this module)")
	var extra serverFlags
	flag.Var(&extra, "server", "a further server, 'NAME=COMMAND ARGS' with {addr} for host:port (repeatable)")
	flag.Parse()
	if *conns < 1 {
		fmt.Fprintln(os.Stderr, "idle: -conns must be at least 1")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	degraded, err := run(ctx, *conns, *only, *root, extra, idle.Options{Conns: *conns, OpenTimeout: *openTimeout, Settle: *settle})
	if err != nil {
		fmt.Fprintln(os.Stderr, "idle:", err)
		os.Exit(1)
	}
	if degraded {
		os.Exit(3)
	}
}

func run(ctx context.Context, conns int, only, root string, extra []fleet.Server, o idle.Options) (degraded bool, err error) {
	// The client holds conns sockets and so does the server, which
	// inherits this limit.
	if got, err := idle.RaiseFileLimit(uint64(conns) + 1024); err != nil {
		fmt.Fprintf(os.Stderr, "idle: %v; going on with %d\n", err, got)
	}
	wd, err := os.Getwd()
	if err != nil {
		return false, err
	}
	peersDir, repo, err := fleet.FindModuleRoots(wd, root)
	if err != nil {
		return false, err
	}
	var names []string
	for n := range strings.SplitSeq(only, ",") {
		if n = strings.TrimSpace(n); n != "" {
			names = append(names, n)
		}
	}
	servers, err := fleet.Select(append(fleet.Standard(repo, peersDir), extra...), names)
	if err != nil {
		return false, err
	}
	work, err := os.MkdirTemp("", "iron-idle-")
	if err != nil {
		return false, err
	}
	defer os.RemoveAll(work)
	fmt.Fprintf(os.Stderr, "idle: building %d servers\n", len(servers))
	if err := fleet.Build(ctx, servers, work); err != nil {
		return false, err
	}
	var reports []idle.Report
	for _, srv := range servers {
		fmt.Fprintf(os.Stderr, "idle: %s: %d idle connections\n", srv.Name, conns)
		r, err := one(ctx, srv, work, o)
		if err != nil {
			return false, err
		}
		fmt.Fprintf(os.Stderr, "idle: %s: %.1f KiB per idle connection, %s\n", srv.Name, r.KiBPerConn(), r.Verdict())
		reports = append(reports, r)
		degraded = degraded || len(r.Degraded()) > 0
	}
	writeTable(os.Stdout, conns, reports)
	return degraded, nil
}

func one(ctx context.Context, srv fleet.Server, work string, o idle.Options) (idle.Report, error) {
	p, err := fleet.Start(ctx, srv, fleet.StartOptions{LogPath: filepath.Join(work, srv.Name+".log")})
	if err != nil {
		return idle.Report{}, err
	}
	defer p.Stop()
	if err := contract.Check(ctx, p.Addr, contract.Endpoints); err != nil {
		return idle.Report{}, fmt.Errorf("%s: %w", srv.Name, err)
	}
	r, err := idle.Run(ctx, p.Addr, p.PID, o)
	r.Server = srv.Name
	if err != nil {
		return r, fmt.Errorf("%s: %w", srv.Name, err)
	}
	if exited, werr := p.Exited(); exited {
		return r, errors.Join(fmt.Errorf("%s died holding idle connections", srv.Name), werr)
	}
	return r, p.Stop()
}

func writeTable(w io.Writer, conns int, reports []idle.Report) {
	fmt.Fprintf(w, "## Idle keep-alive connections\n\n%s connections, one request each, then idle; %s.\n\n",
		thousands(conns), time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintln(w, "| server | idle conns open | RSS before | RSS with idle conns | KiB / idle conn | OS threads | fresh req p50 / max ms, before | fresh req p50 / max ms, with idle conns | fresh failed, with idle conns | idle conns still usable | open time | verdict |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f", float64(d)/float64(time.Millisecond)) }
	mib := func(kib int64) string { return fmt.Sprintf("%.1f MiB", float64(kib)/1024) }
	for _, r := range reports {
		fmt.Fprintf(w, "| %s | %d/%d | %s | %s | %.1f | %d → %d | %s / %s | %s / %s | %d/%d | %d/%d | %.2f s | %s |\n",
			r.Server, r.Opened, r.Wanted, mib(r.RSSBeforeKiB), mib(r.RSSWithKiB), r.KiBPerConn(),
			r.ThreadsBefore, r.ThreadsWith, ms(r.FreshBefore.P50), ms(r.FreshBefore.Max),
			ms(r.FreshWith.P50), ms(r.FreshWith.Max), r.FreshWith.Failed, r.FreshWith.Count,
			r.ReuseOK, r.ReuseTried, r.OpenTime.Seconds(), r.Verdict())
	}
}

// thousands writes n with comma separators: 10,000.
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
