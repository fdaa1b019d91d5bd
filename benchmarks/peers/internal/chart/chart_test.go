package chart_test

import (
	"bytes"
	"image"
	_ "image/png"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/vg"

	"github.com/iron-go/iron/benchmarks/peers/internal/chart"
	"github.com/iron-go/iron/benchmarks/peers/internal/results"
)

// file is one mode with iron on both endpoints and fasthttp on plaintext
// only.
func file(pipeline int) *results.File {
	f := &results.File{Version: results.Version, Started: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC),
		Machine: results.Machine{CPUs: 2, CPUModel: "Test CPU", GoVersion: "go1.26.8"},
		Config: results.Config{Rounds: 1, DurationSec: 2, Threads: 1, Connections: 64, Pipelines: []int{pipeline},
			Endpoints: []string{"plaintext", "json"}, Servers: []string{"iron", "fasthttp"}, NoiseThreshold: 10}}
	for _, r := range []struct {
		s, e string
		rps  float64
	}{{"iron", "plaintext", 100_000}, {"iron", "json", 90_000}, {"fasthttp", "plaintext", 120_000}} {
		f.Runs = append(f.Runs, results.Run{Server: r.s, Endpoint: r.e, Pipeline: pipeline, Round: 1,
			Requests: int64(r.rps * 2), RPS: r.rps, ServerCPUSec: 2, BackgroundPct: 40})
	}
	return f
}

func TestPanels(t *testing.T) {
	tables, err := chart.Merge([]*results.File{file(16), file(1)})
	require.NoError(t, err)
	require.Len(t, tables, 2)
	assert.Equal(t, 1, tables[0].Pipeline, "unpipelined first")
	rows := chart.Panels(tables)
	require.Len(t, rows, 2)
	require.Len(t, rows[0], 2)
	rps, cpu := rows[0][0], rows[1][1]
	assert.Equal(t, "Unpipelined: requests per second (higher is better)", rps.Title)
	assert.Equal(t, "Pipelined, 16 requests per write: server CPU µs per request (lower is better)", cpu.Title)
	assert.Equal(t, []string{"iron", "fasthttp"}, rps.Servers)
	assert.Equal(t, []float64{100_000, 90_000}, rps.Values[0])
	assert.Equal(t, 120_000.0, rps.Values[1][0])
	assert.True(t, math.IsNaN(rps.Values[1][1]), "fasthttp did not run json")
	assert.InDelta(t, 10, cpu.Values[0][0], 1e-9, "2 s over 200,000 requests")

	_, err = chart.Merge([]*results.File{file(1), file(1)})
	assert.ErrorContains(t, err, "two results files")
	_, err = chart.Merge([]*results.File{{Version: results.Version}})
	assert.Error(t, err)
}

func TestTitle(t *testing.T) {
	title, sub := chart.Title([]*results.File{file(1)}, "A smoke run.")
	assert.Equal(t, "Iron and Go peers side by side: wrk -t1 -c64 -d2s, median of 1 round(s)", title)
	assert.Equal(t, "2026-11-30, 2 CPUs (Test CPU), go1.26.8; background CPU during the runs: median 40 % (noisy). A smoke run.", sub)
}

func TestWritePNG(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, chart.Write(&b, []*results.File{file(1), file(16)}, chart.Options{Width: 8 * vg.Inch, Height: 5 * vg.Inch, DPI: 100}))
	img, format, err := image.Decode(&b)
	require.NoError(t, err)
	assert.Equal(t, "png", format)
	assert.Equal(t, image.Rect(0, 0, 800, 500), img.Bounds())
	// The corner is the white background, not transparency.
	r, g, bl, a := img.At(2, img.Bounds().Dy()-3).RGBA()
	assert.Equal(t, [4]uint32{0xffff, 0xffff, 0xffff, 0xffff}, [4]uint32{r, g, bl, a})
}

func TestWriteSVG(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, chart.Write(&b, []*results.File{file(1)}, chart.Options{Format: "svg"}))
	svg := b.String()
	assert.True(t, strings.HasPrefix(svg, "<?xml"))
	assert.Contains(t, svg, "</svg>")
	assert.Error(t, chart.Write(&b, []*results.File{file(1)}, chart.Options{Format: "gif"}))
}
