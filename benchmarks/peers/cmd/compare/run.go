package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/iron-go/iron/benchmarks/peers/internal/contract"
	"github.com/iron-go/iron/benchmarks/peers/internal/fleet"
	"github.com/iron-go/iron/benchmarks/peers/internal/proc"
	"github.com/iron-go/iron/benchmarks/peers/internal/report"
	"github.com/iron-go/iron/benchmarks/peers/internal/results"
	"github.com/iron-go/iron/benchmarks/peers/internal/wrk"
)

// session is one run of the comparison in progress.
type session struct {
	cfg      config
	work     string // temporary directory: binaries, scripts, logs
	servers  []fleet.Server
	file     *results.File
	retried  int // noisy runs measured again so far
	warmLua  map[int]string
	benchLua map[scriptKey]string // depth > 1 only
}

// scriptKey names a measurement script: a depth and an endpoint.
type scriptKey struct {
	depth    int
	endpoint string
}

// logf reports progress on stderr.
func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
}

func run(ctx context.Context, cfg config) (*results.File, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	peersDir, root, err := fleet.FindModuleRoots(wd, cfg.root)
	if err != nil {
		return nil, err
	}
	all := append(fleet.Standard(root, peersDir), cfg.extra...)
	servers, err := fleet.Select(all, cfg.only)
	if err != nil {
		return nil, err
	}
	s := &session{cfg: cfg, servers: servers, warmLua: map[int]string{}, benchLua: map[scriptKey]string{}}
	if s.work, err = os.MkdirTemp("", "iron-compare-"); err != nil {
		return nil, err
	}
	if cfg.keep {
		logf("work directory %s (kept)", s.work)
	} else {
		defer os.RemoveAll(s.work)
	}
	s.file = &results.File{Version: results.Version, Started: time.Now(), Machine: machine(), Config: s.resultsConfig()}

	logf("measuring the background CPU for a second")
	s.file.BackgroundBeforePct = backgroundNow(time.Second)
	logf("background CPU: %.1f %% of the machine", s.file.BackgroundBeforePct)

	logf("building %d servers into %s", len(servers), s.work)
	if err := fleet.Build(ctx, s.servers, s.work); err != nil {
		return nil, err
	}
	if err := s.writeScripts(); err != nil {
		return nil, err
	}
	if err := s.preflight(ctx); err != nil {
		return nil, err
	}
	if cfg.check {
		return s.file, nil
	}
	for _, depth := range cfg.pipelines {
		for round := 1; round <= cfg.rounds; round++ {
			n := len(s.servers)
			for pos := range n {
				srv := s.servers[(pos+round-1)%n]
				logf("%s, round %d/%d, %d/%d: %s", report.Mode(depth), round, cfg.rounds, pos+1, n, srv.Name)
				if err := s.measureServer(ctx, srv, depth, round, pos+1); err != nil {
					s.file.Finished = time.Now()
					return s.file, err
				}
			}
		}
	}
	s.file.Finished = time.Now()
	return s.file, nil
}

func (s *session) resultsConfig() results.Config {
	c := results.Config{
		Command: "go run ./cmd/compare " + strings.Join(os.Args[1:], " "),
		Rounds:  s.cfg.rounds, DurationSec: s.cfg.duration.Seconds(), WarmupSec: s.cfg.warmup.Seconds(),
		Threads: s.cfg.threads, Connections: s.cfg.connections, Pipelines: s.cfg.pipelines,
		Project: s.cfg.project, Pin: s.cfg.pin, NoiseThreshold: s.cfg.noise,
	}
	for _, ep := range s.cfg.endpoints {
		c.Endpoints = append(c.Endpoints, ep.Name)
	}
	for _, srv := range s.servers {
		c.Servers = append(c.Servers, srv.Name)
	}
	return c
}

// writeScripts writes the wrk Lua scripts: a warm-up per depth over every
// endpoint, and for pipelined depths one script per endpoint.
func (s *session) writeScripts() error {
	var paths []string
	for _, ep := range s.cfg.endpoints {
		paths = append(paths, ep.Path)
	}
	write := func(name, text string) (string, error) {
		p := filepath.Join(s.work, name)
		return p, os.WriteFile(p, []byte(text), 0o644)
	}
	for _, d := range s.cfg.pipelines {
		p, err := write(fmt.Sprintf("warmup-%d.lua", d), wrk.Script(paths, d))
		if err != nil {
			return err
		}
		s.warmLua[d] = p
		if d == 1 {
			continue // measured without a script: wrk's fastest path
		}
		for _, ep := range s.cfg.endpoints {
			p, err := write(fmt.Sprintf("pipeline-%d-%s.lua", d, ep.Name), wrk.Script([]string{ep.Path}, d))
			if err != nil {
				return err
			}
			s.benchLua[scriptKey{d, ep.Name}] = p
		}
	}
	return nil
}

// preflight starts every server once and checks the contract, pipelined
// too for every depth above 1, before any load.
func (s *session) preflight(ctx context.Context) error {
	for _, srv := range s.servers {
		p, err := s.start(ctx, srv, "preflight")
		if err != nil {
			return err
		}
		err = contract.Check(ctx, p.Addr, s.cfg.endpoints)
		for _, d := range s.cfg.pipelines {
			if err == nil && d > 1 {
				err = contract.CheckPipelined(ctx, p.Addr, s.cfg.endpoints, d, 10*time.Second)
			}
		}
		if serr := p.Stop(); err == nil {
			err = serr
		}
		if err != nil {
			return fmt.Errorf("preflight of %s: %w", srv.Name, err)
		}
		logf("preflight: %s answers the contract", srv.Name)
	}
	return nil
}

func (s *session) start(ctx context.Context, srv fleet.Server, tag string) (*fleet.Process, error) {
	o := fleet.StartOptions{LogPath: filepath.Join(s.work, srv.Name+"-"+tag+".log")}
	if s.cfg.pin {
		o.Taskset, o.Env = "1", []string{"GOMAXPROCS=1"}
	}
	return fleet.Start(ctx, srv, o)
}

// measureServer runs one server through warm-up and every endpoint at one
// depth, and records its runs and peak memory.
func (s *session) measureServer(ctx context.Context, srv fleet.Server, depth, round, pos int) error {
	p, err := s.start(ctx, srv, fmt.Sprintf("p%d-r%d", depth, round))
	if err != nil {
		return err
	}
	defer p.Stop()
	if err := contract.Check(ctx, p.Addr, s.cfg.endpoints); err != nil {
		return fmt.Errorf("%s: %w", srv.Name, err)
	}
	if s.cfg.warmup > 0 {
		if _, err := wrk.Run(ctx, s.wrkOptions(p.Addr, "/", s.cfg.warmup, s.warmLua[depth])); err != nil {
			return fmt.Errorf("warming up %s: %w", srv.Name, err)
		}
	}
	for _, ep := range s.cfg.endpoints {
		for attempt := 1; ; attempt++ {
			r, err := s.measure(ctx, p, ep, depth)
			if err != nil {
				return fmt.Errorf("%s %s: %w", srv.Name, ep.Path, err)
			}
			r.Round, r.Position, r.Attempt = round, pos, attempt
			logf("  %-9s %10.0f req/s  cpu %6.2f µs/req  p99 %8.0f µs  background %4.1f %%%s",
				ep.Name, r.RPS, r.ServerCPUPerRequest(), r.LatencyP99us, r.BackgroundPct, noisyMark(r.Noisy))
			again := r.Noisy && attempt <= s.cfg.retries && s.retried < s.cfg.maxRetries
			r.Superseded = again
			s.file.Runs = append(s.file.Runs, r)
			if !again {
				break
			}
			s.retried++
			logf("  noisy: measuring %s again (%d of at most %d re-runs)", ep.Name, s.retried, s.cfg.maxRetries)
		}
		if exited, werr := p.Exited(); exited {
			return fmt.Errorf("%s died under load: %v", srv.Name, werr)
		}
	}
	st, err := proc.ReadStatus(p.PID)
	if err == nil {
		s.file.Memory = append(s.file.Memory, results.Memory{Server: srv.Name, Pipeline: depth, Round: round, PeakRSSKiB: st.VmHWM})
	}
	return p.Stop()
}

func noisyMark(noisy bool) string {
	if noisy {
		return " ⚠ noisy"
	}
	return ""
}

func (s *session) wrkOptions(addr, path string, d time.Duration, script string) wrk.Options {
	o := wrk.Options{URL: "http://" + addr + path, Threads: s.cfg.threads, Connections: s.cfg.connections,
		Duration: d, Latency: true, Script: script}
	if s.cfg.pin {
		o.Taskset = "0"
	}
	return o
}

// measure runs wrk once on one endpoint, with /proc snapshots around it.
func (s *session) measure(ctx context.Context, p *fleet.Process, ep contract.Endpoint, depth int) (results.Run, error) {
	r := results.Run{Server: p.Server.Name, Endpoint: ep.Name, Pipeline: depth}
	before, err := proc.Take()
	if err != nil {
		return r, err
	}
	start := time.Now()
	oc, err := wrk.Run(ctx, s.wrkOptions(p.Addr, ep.Path, s.cfg.duration, s.benchLua[scriptKey{depth, ep.Name}]))
	wall := time.Since(start)
	after, terr := proc.Take()
	if err != nil {
		return r, err
	}
	if terr != nil {
		return r, terr
	}
	r.Requests, r.ElapsedSec, r.RPS = oc.Requests, oc.Elapsed.Seconds(), oc.RPS
	us := func(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
	r.LatencyP50us, r.LatencyP75us = us(oc.Latency.P50), us(oc.Latency.P75)
	r.LatencyP90us, r.LatencyP99us, r.LatencyMaxus = us(oc.Latency.P90), us(oc.Latency.P99), us(oc.Latency.Max)
	r.SocketErrors, r.Non2xx3xx = oc.Errors.Total(), oc.Non2xx3xx
	r.WrkCPUSec = oc.CPU.Seconds()
	r.WallSec = wall.Seconds()
	if a, b := after.TreeTicks(p.PID), before.TreeTicks(p.PID); a >= b {
		r.ServerCPUSec = proc.Seconds(a - b)
	}
	r.BackgroundPct = backgroundPct(before, after, wall)
	r.Noisy = r.BackgroundPct > s.cfg.noise
	return r, nil
}

// backgroundPct is the CPU that processes outside this one's tree used
// between two snapshots, in % of the machine.
func backgroundPct(before, after proc.Snapshot, wall time.Duration) float64 {
	ours := after.Tree(os.Getpid())
	for pid := range before.Tree(os.Getpid()) {
		ours[pid] = true
	}
	ticks := proc.Background(before, after, ours)
	return proc.Seconds(ticks) / (wall.Seconds() * float64(runtime.NumCPU())) * 100
}

// backgroundNow measures the background CPU over d.
func backgroundNow(d time.Duration) float64 {
	before, err := proc.Take()
	if err != nil {
		return 0
	}
	start := time.Now()
	time.Sleep(d)
	after, err := proc.Take()
	if err != nil {
		return 0
	}
	return backgroundPct(before, after, time.Since(start))
}
