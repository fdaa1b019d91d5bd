package report_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/benchmarks/peers/internal/report"
	"github.com/iron-go/iron/benchmarks/peers/internal/results"
)

// file builds a run of the given servers on plaintext and json, one round
// per entry of rps (req/s per round; CPU 5 s per run, 5 s long).
func file(pipeline int, rps map[string][]float64, noisy map[string]bool) *results.File {
	f := &results.File{Version: results.Version, Started: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC),
		Machine: results.Machine{CPUs: 2, CPUModel: "Test CPU", Kernel: "6.1", GoVersion: "go1.26.8"},
		Config: results.Config{Command: "go run ./cmd/compare -rounds 2", Rounds: 2, DurationSec: 5, WarmupSec: 2,
			Threads: 1, Connections: 64, Pipelines: []int{pipeline}, Endpoints: []string{"plaintext", "json"},
			Project: "iron", NoiseThreshold: 10}}
	for _, s := range []string{"iron", "nethttp", "fasthttp", "raw"} {
		if _, ok := rps[s]; !ok {
			continue
		}
		f.Config.Servers = append(f.Config.Servers, s)
		for _, ep := range f.Config.Endpoints {
			for i, v := range rps[s] {
				bg := 1.0
				if noisy[s] {
					bg = 30
				}
				f.Runs = append(f.Runs, results.Run{Server: s, Endpoint: ep, Pipeline: pipeline, Round: i + 1,
					Requests: int64(v * 5), ElapsedSec: 5, RPS: v, ServerCPUSec: 5, WrkCPUSec: 2.5,
					LatencyP50us: 640, LatencyP99us: 7560, BackgroundPct: bg, Noisy: noisy[s]})
			}
		}
		f.Memory = append(f.Memory, results.Memory{Server: s, Pipeline: pipeline, Round: 1, PeakRSSKiB: 13824})
	}
	return f
}

func TestWrite(t *testing.T) {
	f := file(1, map[string][]float64{
		"iron":     {60_000, 64_000},
		"nethttp":  {30_000, 34_000},
		"fasthttp": {80_000, 80_000},
	}, map[string]bool{"nethttp": true})
	var b strings.Builder
	require.NoError(t, report.Write(&b, f))
	out := b.String()

	assert.Contains(t, out, "2026-11-30 12:00 UTC; 2 CPUs (Test CPU), Linux 6.1, go1.26.8.")
	assert.Contains(t, out, "`wrk -t1 -c64 -d5s --latency`, 2 round(s)")
	assert.Contains(t, out, "## Unpipelined\n")
	assert.Contains(t, out, "4 of 12 run(s)", "nethttp's two rounds on each endpoint")
	assert.Contains(t, out, "above 10.0 % (marked ⚠")
	// iron: median 62,000 req/s, ÷ fasthttp 0.775; CPU µs/req the median
	// of 16.7 and 15.6 = 16.1, against net/http's 31.4 (0.51x) and
	// fasthttp's 12.5 (1.29x).
	assert.Contains(t, out, "| server | plaintext | json | ÷ fasthttp | ÷ nethttp | cpu µs/req | cpu ÷ fasthttp | cpu ÷ nethttp | peak RSS |")
	assert.Contains(t, out, "| iron | 62,000 | 62,000 | 0.78x | 1.94x | 16.1 | 1.29x | 0.51x | 13.5 MiB |")
	assert.Contains(t, out, "| nethttp | 32,000 ⚠ | 32,000 ⚠ | 0.40x | 1.00x |")
	assert.Contains(t, out, "### json\n")
	assert.Contains(t, out, "| iron | 62,000 | 0.78x | 1.94x | 16.1 | 1.29x | 0.51x | 640 µs | 7.56 ms | ±3% | 0 |")
	assert.Contains(t, out, "| iron | plaintext | 60,000, 16.7 | 64,000, 15.6 |")
	assert.True(t, strings.HasSuffix(out, "SUMMARY pipeline=1 iron_rps_vs_fasthttp=0.78 iron_rps_vs_nethttp=1.94 iron_cpu_vs_fasthttp=1.29 iron_cpu_vs_nethttp=0.51\n"), out)
}

// Without the bases, their columns go; without the project, the summary
// speaks of fasthttp against net/http.
func TestWriteWithoutBases(t *testing.T) {
	f := file(16, map[string][]float64{"iron": {400_000}, "raw": {600_000}}, nil)
	f.Config.Rounds = 1
	var b strings.Builder
	require.NoError(t, report.Write(&b, f))
	out := b.String()
	assert.Contains(t, out, "## Pipelined, 16 requests per write")
	assert.Contains(t, out, "| server | plaintext | json | cpu µs/req | peak RSS |")
	assert.Contains(t, out, "| raw | 600,000 | 600,000 | 1.67 | 13.5 MiB |")
	assert.True(t, strings.HasSuffix(out, "SUMMARY pipeline=16\n"), out)

	g := file(1, map[string][]float64{"nethttp": {30_000}, "fasthttp": {45_000}}, nil)
	require.Len(t, g.Tables(), 1)
	assert.Equal(t, "SUMMARY pipeline=1 fasthttp_rps_vs_nethttp=1.50 fasthttp_cpu_vs_nethttp=0.67", report.SummaryLine(g, g.Tables()[0]))
}

func TestMode(t *testing.T) {
	assert.Equal(t, "Unpipelined", report.Mode(1))
	assert.Equal(t, "Pipelined, 16 requests per write", report.Mode(16))
}
