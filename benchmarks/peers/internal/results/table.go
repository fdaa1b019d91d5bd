package results

import (
	"math"
	"slices"

	"github.com/iron-go/iron/benchmarks/peers/internal/stats"
)

var nan = math.NaN()

// Cell is the figures of one server on one endpoint in one mode, over the
// rounds: medians, the spread of req/s, and sums. A figure that could not
// be measured is NaN.
type Cell struct {
	RPS     float64 // median req/s
	CPU     float64 // median server CPU µs per request
	WrkCPU  float64 // median wrk CPU µs per request
	P50us   float64 // median of the rounds' p50 latency
	P99us   float64 // median of the rounds' p99 latency
	Spread  float64 // half the min–max range of req/s over the median
	Errors  int64   // socket errors and error responses, all rounds
	Noisy   int     // rounds whose kept run was still noisy
	Rounds  []float64
	RoundsC []float64 // CPU µs/req per round, in round order
}

// Table is one mode (requests per write) of a File: the servers, the
// endpoints and their cells.
type Table struct {
	Pipeline  int
	Servers   []string // in the File's server order
	Endpoints []string
	cells     map[[2]string]Cell
	peakRSS   map[string]int64
	// Background is the background CPU % of every kept run, in order.
	Background []float64
}

// Tables returns one Table per pipeline depth of f, in the configured
// order. Superseded runs are left out.
func (f *File) Tables() []Table {
	var ts []Table
	for _, p := range f.Config.Pipelines {
		t := Table{Pipeline: p, cells: map[[2]string]Cell{}, peakRSS: map[string]int64{}}
		byCell := map[[2]string][]Run{}
		for _, r := range f.Runs {
			if r.Pipeline != p || r.Superseded {
				continue
			}
			k := [2]string{r.Server, r.Endpoint}
			byCell[k] = append(byCell[k], r)
			t.Background = append(t.Background, r.BackgroundPct)
		}
		for _, s := range f.Config.Servers {
			for _, e := range f.Config.Endpoints {
				if runs, ok := byCell[[2]string{s, e}]; ok {
					t.cells[[2]string{s, e}] = cellOf(runs)
					if !slices.Contains(t.Servers, s) {
						t.Servers = append(t.Servers, s)
					}
					if !slices.Contains(t.Endpoints, e) {
						t.Endpoints = append(t.Endpoints, e)
					}
				}
			}
		}
		for _, m := range f.Memory {
			if m.Pipeline == p {
				t.peakRSS[m.Server] = max(t.peakRSS[m.Server], m.PeakRSSKiB)
			}
		}
		if len(t.Servers) > 0 {
			slices.SortStableFunc(t.Endpoints, func(a, b string) int {
				return slices.Index(f.Config.Endpoints, a) - slices.Index(f.Config.Endpoints, b)
			})
			ts = append(ts, t)
		}
	}
	return ts
}

func cellOf(runs []Run) Cell {
	slices.SortFunc(runs, func(a, b Run) int { return a.Round - b.Round })
	var c Cell
	var wrk, p50, p99 []float64
	for _, r := range runs {
		c.Rounds = append(c.Rounds, r.RPS)
		c.RoundsC = append(c.RoundsC, r.ServerCPUPerRequest())
		wrk = append(wrk, r.WrkCPUPerRequest())
		p50 = append(p50, r.LatencyP50us)
		p99 = append(p99, r.LatencyP99us)
		c.Errors += r.Errors()
		if r.Noisy {
			c.Noisy++
		}
	}
	c.RPS, c.CPU, c.WrkCPU = stats.Median(c.Rounds), stats.Median(c.RoundsC), stats.Median(wrk)
	c.P50us, c.P99us = stats.Median(p50), stats.Median(p99)
	c.Spread = stats.Spread(c.Rounds)
	return c
}

// Cell returns the figures of server on endpoint, and whether it ran.
func (t Table) Cell(server, endpoint string) (Cell, bool) {
	c, ok := t.cells[[2]string{server, endpoint}]
	return c, ok
}

// Has reports whether server ran in this mode.
func (t Table) Has(server string) bool { return slices.Contains(t.Servers, server) }

// RPSRatio returns server's median req/s on endpoint divided by base's;
// NaN when either did not run.
func (t Table) RPSRatio(server, base, endpoint string) float64 {
	return stats.Ratio(t.get(server, endpoint).RPS, t.get(base, endpoint).RPS)
}

// CPURatio returns server's median CPU µs/req on endpoint divided by
// base's; NaN when either is missing.
func (t Table) CPURatio(server, base, endpoint string) float64 {
	return stats.Ratio(t.get(server, endpoint).CPU, t.get(base, endpoint).CPU)
}

// GeoRPSRatio is the geometric mean over the endpoints of RPSRatio.
func (t Table) GeoRPSRatio(server, base string) float64 {
	return t.geo(func(e string) float64 { return t.RPSRatio(server, base, e) })
}

// GeoCPURatio is the geometric mean over the endpoints of CPURatio.
func (t Table) GeoCPURatio(server, base string) float64 {
	return t.geo(func(e string) float64 { return t.CPURatio(server, base, e) })
}

// GeoCPU is the geometric mean over the endpoints of server's CPU µs/req.
func (t Table) GeoCPU(server string) float64 {
	return t.geo(func(e string) float64 { return t.get(server, e).CPU })
}

// WrkCPU is the median over every cell of server of wrk's CPU µs/req.
func (t Table) WrkCPU(server string) float64 {
	var xs []float64
	for _, e := range t.Endpoints {
		xs = append(xs, t.get(server, e).WrkCPU)
	}
	return stats.Median(xs)
}

// PeakRSSKiB returns the largest VmHWM of server over the rounds, or 0.
func (t Table) PeakRSSKiB(server string) int64 { return t.peakRSS[server] }

func (t Table) get(server, endpoint string) Cell {
	if c, ok := t.cells[[2]string{server, endpoint}]; ok {
		return c
	}
	return Cell{RPS: nan, CPU: nan, WrkCPU: nan, P50us: nan, P99us: nan, Spread: nan}
}

func (t Table) geo(f func(endpoint string) float64) float64 {
	xs := make([]float64, len(t.Endpoints))
	for i, e := range t.Endpoints {
		xs[i] = f(e)
	}
	return stats.GeoMean(xs)
}
