package results_test

import (
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/benchmarks/peers/internal/results"
)

// sample is a run of two servers on two endpoints, two rounds, plus a
// noisy attempt that a later one superseded.
func sample() *results.File {
	f := &results.File{Version: results.Version, Started: time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC),
		Config: results.Config{Rounds: 2, Pipelines: []int{1}, Endpoints: []string{"plaintext", "json"},
			Servers: []string{"iron", "fasthttp"}, NoiseThreshold: 10}}
	add := func(server, ep string, round int, rps, cpuSec float64, superseded bool) {
		f.Runs = append(f.Runs, results.Run{Server: server, Endpoint: ep, Pipeline: 1, Round: round, Attempt: 1,
			Requests: int64(rps * 5), ElapsedSec: 5, RPS: rps, ServerCPUSec: cpuSec, WrkCPUSec: 1,
			LatencyP50us: 500, LatencyP99us: float64(1000 * round), BackgroundPct: 1, Superseded: superseded, Noisy: superseded})
	}
	add("iron", "plaintext", 1, 100_000, 5, false)
	add("iron", "plaintext", 2, 120_000, 6, false)
	add("iron", "json", 1, 50_000, 10, true) // noisy, measured again below
	add("iron", "json", 1, 80_000, 4, false)
	add("iron", "json", 2, 90_000, 4.5, false)
	add("fasthttp", "plaintext", 1, 200_000, 5, false)
	add("fasthttp", "plaintext", 2, 200_000, 5, false)
	add("fasthttp", "json", 1, 100_000, 5, false)
	add("fasthttp", "json", 2, 100_000, 5, false)
	f.Memory = []results.Memory{{Server: "iron", Pipeline: 1, Round: 1, PeakRSSKiB: 1000}, {Server: "iron", Pipeline: 1, Round: 2, PeakRSSKiB: 3000}}
	return f
}

func TestTables(t *testing.T) {
	ts := sample().Tables()
	require.Len(t, ts, 1)
	tb := ts[0]
	assert.Equal(t, []string{"iron", "fasthttp"}, tb.Servers)
	assert.Equal(t, []string{"plaintext", "json"}, tb.Endpoints)

	c, ok := tb.Cell("iron", "json")
	require.True(t, ok)
	assert.InDelta(t, 85_000, c.RPS, 1e-9, "the superseded attempt is left out")
	assert.Equal(t, []float64{80_000, 90_000}, c.Rounds)
	assert.InDelta(t, 5_000/85_000.0, c.Spread, 1e-12)
	// CPU µs/req per round: 4 s / 400,000 = 10 µs, 4.5 s / 450,000 = 10 µs.
	assert.InDelta(t, 10, c.CPU, 1e-9)
	assert.InDelta(t, 1500, c.P99us, 1e-9)
	assert.Zero(t, c.Noisy)

	assert.InDelta(t, 0.55, tb.RPSRatio("iron", "fasthttp", "plaintext"), 1e-12)
	assert.InDelta(t, 0.85, tb.RPSRatio("iron", "fasthttp", "json"), 1e-12)
	assert.InDelta(t, math.Sqrt(0.55*0.85), tb.GeoRPSRatio("iron", "fasthttp"), 1e-12)
	assert.True(t, math.IsNaN(tb.RPSRatio("iron", "nethttp", "json")), "a base that did not run")
	assert.Equal(t, int64(3000), tb.PeakRSSKiB("iron"))
	assert.Len(t, tb.Background, 8)
	_, ok = tb.Cell("nethttp", "json")
	assert.False(t, ok)
}

func TestSaveAndLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.json")
	f := sample()
	require.NoError(t, f.Save(path))
	g, err := results.Load(path)
	require.NoError(t, err)
	assert.Equal(t, f.Runs, g.Runs)
	assert.True(t, f.Started.Equal(g.Started))

	require.NoError(t, os.WriteFile(path, []byte(`{"version": 99}`), 0o644))
	_, err = results.Load(path)
	assert.ErrorContains(t, err, "version 99")
	require.NoError(t, os.WriteFile(path, []byte(`{`), 0o644))
	_, err = results.Load(path)
	assert.Error(t, err)
}

func TestRunPerRequest(t *testing.T) {
	r := results.Run{Requests: 1_000_000, ServerCPUSec: 8.45, WrkCPUSec: 7, SocketErrors: 2, Non2xx3xx: 3}
	assert.InDelta(t, 8.45, r.ServerCPUPerRequest(), 1e-9)
	assert.InDelta(t, 7, r.WrkCPUPerRequest(), 1e-9)
	assert.Equal(t, int64(5), r.Errors())
	assert.True(t, math.IsNaN(results.Run{}.ServerCPUPerRequest()))
}
