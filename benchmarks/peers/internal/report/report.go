// Package report writes the comparison's Markdown report from a
// [results.File]: per mode (unpipelined, pipelined), the run's conditions
// and background noise, a summary table, one table per endpoint and every
// round's figures, then a one-line SUMMARY for scripts.
//
// Ratios divide by servers of the same run only (fasthttp and net/http by
// default); a figure that could not be measured prints as "–".
package report

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/iron-go/iron/benchmarks/peers/internal/results"
	"github.com/iron-go/iron/benchmarks/peers/internal/stats"
)

// Bases are the servers ratios divide by, in column order.
var Bases = []string{"fasthttp", "nethttp"}

// Write writes the report of f to w.
func Write(w io.Writer, f *results.File) error {
	p := &printer{w: w}
	cfg := f.Config
	p.printf("# Side-by-side comparison\n\n")
	p.printf("%s; %d CPUs (%s), Linux %s, %s.\n", f.Started.UTC().Format("2006-01-02 15:04 MST"),
		f.Machine.CPUs, orDash(f.Machine.CPUModel), orDash(f.Machine.Kernel), orDash(f.Machine.GoVersion))
	p.printf("`wrk -t%d -c%d -d%gs --latency`, %d round(s), server order rotating each round, %gs warm-up",
		cfg.Threads, cfg.Connections, cfg.DurationSec, cfg.Rounds, cfg.WarmupSec)
	if cfg.Pin {
		p.printf(", pinned (server on CPU 1 with GOMAXPROCS=1, wrk on CPU 0)")
	}
	if f.Machine.GOMAXPROCS != "" {
		p.printf(", servers with GOMAXPROCS=%s", f.Machine.GOMAXPROCS)
	}
	p.printf(".\nCommand: `%s`\n", cfg.Command)
	p.printf("Background CPU (other processes, %% of the machine) in the second before the run: %s.\n",
		pct(f.BackgroundBeforePct))
	tables := f.Tables()
	for _, t := range tables {
		writeTable(p, f, t)
	}
	for _, t := range tables {
		p.printf("\n%s\n", SummaryLine(f, t))
	}
	return p.err
}

// Mode names a pipeline depth for people.
func Mode(pipeline int) string {
	if pipeline <= 1 {
		return "Unpipelined"
	}
	return fmt.Sprintf("Pipelined, %d requests per write", pipeline)
}

func writeTable(p *printer, f *results.File, t results.Table) {
	bases := presentBases(t)
	p.printf("\n## %s\n\n", Mode(t.Pipeline))
	noisy := 0
	for _, b := range t.Background {
		if b > f.Config.NoiseThreshold {
			noisy++
		}
	}
	p.printf("Background CPU during the measured runs: median %s, max %s; %d of %d run(s) above %s",
		pct(stats.Median(t.Background)), pct(slices.Max(append([]float64{0}, t.Background...))),
		noisy, len(t.Background), pct(f.Config.NoiseThreshold))
	if noisy > 0 {
		p.printf(" (marked ⚠: repeat on a quiet machine before trusting them)")
	}
	p.printf(".\n")
	var wrkCPU []float64
	for _, s := range t.Servers {
		wrkCPU = append(wrkCPU, t.WrkCPU(s))
	}
	p.printf("Load generator (wrk) CPU per request, median over the servers: %s µs.\n", cpu(stats.Median(wrkCPU)))

	// Summary.
	p.printf("\n| server |")
	for _, e := range t.Endpoints {
		p.printf(" %s |", e)
	}
	for _, b := range bases {
		p.printf(" ÷ %s |", b)
	}
	p.printf(" cpu µs/req |")
	for _, b := range bases {
		p.printf(" cpu ÷ %s |", b)
	}
	p.printf(" peak RSS |\n|---|%s\n", strings.Repeat("---:|", len(t.Endpoints)+2*len(bases)+2))
	for _, s := range t.Servers {
		p.printf("| %s |", s)
		for _, e := range t.Endpoints {
			c, _ := t.Cell(s, e)
			p.printf(" %s%s |", count(c.RPS), warn(c))
		}
		for _, b := range bases {
			p.printf(" %s |", ratio(t.GeoRPSRatio(s, b)))
		}
		p.printf(" %s |", cpu(t.GeoCPU(s)))
		for _, b := range bases {
			p.printf(" %s |", ratio(t.GeoCPURatio(s, b)))
		}
		p.printf(" %s |\n", mib(t.PeakRSSKiB(s)))
	}
	p.printf("\nReq/s: median over rounds. Ratios and cpu µs/req: geometric mean over the endpoints.\n")

	for _, e := range t.Endpoints {
		p.printf("\n### %s\n\n| server | req/s |", e)
		for _, b := range bases {
			p.printf(" ÷ %s |", b)
		}
		p.printf(" cpu µs/req |")
		for _, b := range bases {
			p.printf(" cpu ÷ %s |", b)
		}
		p.printf(" p50 | p99 | spread | errors |\n|---|%s\n", strings.Repeat("---:|", 2*len(bases)+6))
		for _, s := range t.Servers {
			c, ok := t.Cell(s, e)
			if !ok {
				continue
			}
			p.printf("| %s | %s%s |", s, count(c.RPS), warn(c))
			for _, b := range bases {
				p.printf(" %s |", ratio(t.RPSRatio(s, b, e)))
			}
			p.printf(" %s |", cpu(c.CPU))
			for _, b := range bases {
				p.printf(" %s |", ratio(t.CPURatio(s, b, e)))
			}
			p.printf(" %s | %s | %s | %d |\n", latency(c.P50us), latency(c.P99us), spread(c.Spread), c.Errors)
		}
	}

	p.printf("\n### Every round (req/s, cpu µs/req)\n\n| server | endpoint |")
	for r := 1; r <= f.Config.Rounds; r++ {
		p.printf(" round %d |", r)
	}
	p.printf("\n|---|---|%s\n", strings.Repeat("---:|", f.Config.Rounds))
	for _, s := range t.Servers {
		for _, e := range t.Endpoints {
			c, ok := t.Cell(s, e)
			if !ok {
				continue
			}
			p.printf("| %s | %s |", s, e)
			for i := range f.Config.Rounds {
				if i < len(c.Rounds) {
					p.printf(" %s, %s |", count(c.Rounds[i]), cpu(c.RoundsC[i]))
				} else {
					p.printf(" – |")
				}
			}
			p.printf("\n")
		}
	}
}

// SummaryLine returns the table's line for scripts:
// "SUMMARY pipeline=N PROJECT_rps_vs_BASE=R ... PROJECT_cpu_vs_BASE=R ...",
// two-decimal geometric means over the endpoints, for the configured
// project (or fasthttp against net/http when the project did not run).
// Keys whose servers did not run are left out.
func SummaryLine(f *results.File, t results.Table) string {
	subject, bases := f.Config.Project, Bases
	if subject == "" || !t.Has(subject) {
		subject, bases = "fasthttp", []string{"nethttp"}
	}
	parts := []string{"SUMMARY", fmt.Sprintf("pipeline=%d", t.Pipeline)}
	for _, kind := range []string{"rps", "cpu"} {
		for _, b := range bases {
			if b == subject || !t.Has(b) || !t.Has(subject) {
				continue
			}
			v := t.GeoRPSRatio(subject, b)
			if kind == "cpu" {
				v = t.GeoCPURatio(subject, b)
			}
			if !math.IsNaN(v) {
				parts = append(parts, fmt.Sprintf("%s_%s_vs_%s=%.2f", subject, kind, b, v))
			}
		}
	}
	return strings.Join(parts, " ")
}

func presentBases(t results.Table) []string {
	var bs []string
	for _, b := range Bases {
		if t.Has(b) {
			bs = append(bs, b)
		}
	}
	return bs
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}
