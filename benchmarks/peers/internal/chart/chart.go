// Package chart draws the comparison's picture from one or more results
// files: one column per mode (unpipelined, pipelined), a row of requests
// per second and a row of server CPU µs per request, each a grouped bar
// chart with one group per endpoint and one bar per server, the project's
// bars highlighted and labelled with their values. It uses
// gonum.org/v1/plot and writes PNG or SVG.
package chart

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/iron-go/iron/benchmarks/peers/internal/report"
	"github.com/iron-go/iron/benchmarks/peers/internal/results"
	"github.com/iron-go/iron/benchmarks/peers/internal/stats"
)

// Options are the chart's knobs; zero fields take defaults.
type Options struct {
	Format  string // "png" (default) or "svg"
	Project string // the highlighted server (default "iron")
	Note    string // a line under the title, e.g. "smoke run on a busy machine"
	Width   vg.Length
	Height  vg.Length
	DPI     int
}

// Panel is one bar chart: a metric of one mode.
type Panel struct {
	Title     string
	Metric    string // "rps" or "cpu"
	Endpoints []string
	Servers   []string
	// Values[s][e] is server s's figure on endpoint e; NaN where it did
	// not run.
	Values [][]float64
}

// Panels returns the chart's panels from tables (one per mode), as rows:
// req/s first, then CPU µs/req; one column per table.
func Panels(tables []results.Table) [][]Panel {
	rows := [][]Panel{nil, nil}
	for _, t := range tables {
		for row, metric := range []string{"rps", "cpu"} {
			p := Panel{Metric: metric, Endpoints: t.Endpoints, Servers: t.Servers}
			if metric == "rps" {
				p.Title = report.Mode(t.Pipeline) + ": requests per second (higher is better)"
			} else {
				p.Title = report.Mode(t.Pipeline) + ": server CPU µs per request (lower is better)"
			}
			for _, s := range t.Servers {
				vs := make([]float64, len(t.Endpoints))
				for i, e := range t.Endpoints {
					c, ok := t.Cell(s, e)
					switch {
					case !ok:
						vs[i] = math.NaN()
					case metric == "rps":
						vs[i] = c.RPS
					default:
						vs[i] = c.CPU
					}
				}
				p.Values = append(p.Values, vs)
			}
			rows[row] = append(rows[row], p)
		}
	}
	return rows
}

// Merge returns the tables of every file, one per pipeline depth; a depth
// found in two files is an error.
func Merge(files []*results.File) ([]results.Table, error) {
	var ts []results.Table
	for _, f := range files {
		for _, t := range f.Tables() {
			if slices.ContainsFunc(ts, func(u results.Table) bool { return u.Pipeline == t.Pipeline }) {
				return nil, fmt.Errorf("chart: two results files measure %d request(s) per write", t.Pipeline)
			}
			ts = append(ts, t)
		}
	}
	if len(ts) == 0 {
		return nil, errors.New("chart: no measurements in the results")
	}
	slices.SortFunc(ts, func(a, b results.Table) int { return a.Pipeline - b.Pipeline })
	return ts, nil
}

// Title returns the chart's title and the line under it, from the files.
func Title(files []*results.File, note string) (string, string) {
	f := files[0]
	c := f.Config
	title := fmt.Sprintf("Iron and Go peers side by side: wrk -t%d -c%d -d%gs, median of %d round(s)",
		c.Threads, c.Connections, c.DurationSec, c.Rounds)
	var bg []float64
	for _, g := range files {
		for _, r := range g.Runs {
			if !r.Superseded {
				bg = append(bg, r.BackgroundPct)
			}
		}
	}
	sub := fmt.Sprintf("%s, %d CPUs (%s), %s; background CPU during the runs: median %.0f %%",
		f.Started.UTC().Format("2006-01-02"), f.Machine.CPUs, f.Machine.CPUModel, f.Machine.GoVersion, stats.Median(bg))
	if m := stats.Median(bg); m > c.NoiseThreshold {
		sub += " (noisy)"
	}
	if note != "" {
		sub += ". " + note
	}
	return title, sub
}

// Write draws the chart of files to w.
func Write(w io.Writer, files []*results.File, o Options) error {
	if o.Format == "" {
		o.Format = "png"
	}
	if o.Project == "" {
		o.Project = "iron"
	}
	if o.Width == 0 {
		o.Width = 14 * vg.Inch
	}
	if o.Height == 0 {
		o.Height = 9 * vg.Inch
	}
	if o.DPI == 0 {
		o.DPI = 96
	}
	tables, err := Merge(files)
	if err != nil {
		return err
	}
	rows := Panels(tables)
	servers := allServers(tables)

	var canvas vg.CanvasWriterTo
	switch strings.ToLower(o.Format) {
	case "png":
		canvas = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(o.Width, o.Height), vgimg.UseDPI(o.DPI),
			vgimg.UseBackgroundColor(color.White))}
	case "svg":
		canvas = vgsvg.New(o.Width, o.Height)
	default:
		return fmt.Errorf("chart: format %q: png or svg", o.Format)
	}
	dc := draw.New(canvas)
	if o.Format == "svg" {
		dc.SetColor(color.White)
		dc.Fill(dc.Rectangle.Path())
	}

	title, sub := Title(files, o.Note)
	head := vg.Length(0.75) * vg.Inch
	drawText(dc, title, 16, dc.Max.Y-vg.Points(22), dc.Min.X+vg.Points(12))
	drawText(dc, sub, 11, dc.Max.Y-vg.Points(42), dc.Min.X+vg.Points(12))

	legendW := vg.Length(1.9) * vg.Inch
	grid := draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: dc.Min.X, Y: dc.Min.Y}, Max: vg.Point{X: dc.Max.X - legendW, Y: dc.Max.Y - head}}}
	cols := len(rows[0])
	barW := (grid.Size().X/vg.Length(cols) - vg.Points(70)) / vg.Length(max(len(tables[0].Endpoints), 1)) * 0.8 / vg.Length(len(servers))

	plots := make([][]*plot.Plot, len(rows))
	legend := plot.NewLegend()
	legend.TextStyle.Font.Size = vg.Points(12)
	legend.Padding = vg.Points(6)
	for r, row := range rows {
		for _, panel := range row {
			p, err := panelPlot(panel, servers, o.Project, barW, r == 0 && len(plots[0]) == 0, &legend)
			if err != nil {
				return err
			}
			plots[r] = append(plots[r], p)
		}
	}
	tiles := draw.Tiles{Rows: len(rows), Cols: cols, PadX: vg.Points(18), PadY: vg.Points(18),
		PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(8)}
	canvases := plot.Align(plots, tiles, grid)
	for r := range plots {
		for c := range plots[r] {
			plots[r][c].Draw(canvases[r][c])
		}
	}
	legendArea := draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: dc.Max.X - legendW + vg.Points(12), Y: dc.Max.Y - head - vg.Points(260)},
		Max: vg.Point{X: dc.Max.X - vg.Points(6), Y: dc.Max.Y - head - vg.Points(20)}}}
	legend.Top, legend.Left = true, true
	legend.Draw(legendArea)

	_, err = canvas.WriteTo(w)
	return err
}

// allServers lists every server of the tables, in first-seen order.
func allServers(tables []results.Table) []string {
	var s []string
	for _, t := range tables {
		for _, n := range t.Servers {
			if !slices.Contains(s, n) {
				s = append(s, n)
			}
		}
	}
	return s
}

func drawText(c draw.Canvas, s string, size float64, y, x vg.Length) {
	sty := text.Style{Font: font.From(plot.DefaultFont, vg.Points(size)), Color: color.Black, Handler: plot.DefaultTextHandler}
	c.FillText(sty, vg.Point{X: x, Y: y}, s)
}
