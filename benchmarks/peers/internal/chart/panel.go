package chart

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Colours: the project in rust, the peers in Paul Tol's muted palette
// (legible to colour-blind readers), the raw ceiling in grey.
var (
	projectColor = color.RGBA{R: 0xB7, G: 0x41, B: 0x0E, A: 0xFF}
	peerColors   = map[string]color.Color{
		"nethttp":  color.RGBA{R: 0x33, G: 0x22, B: 0x88, A: 0xFF},
		"fasthttp": color.RGBA{R: 0x88, G: 0xCC, B: 0xEE, A: 0xFF},
		"gin":      color.RGBA{R: 0x44, G: 0xAA, B: 0x99, A: 0xFF},
		"chi":      color.RGBA{R: 0x11, G: 0x77, B: 0x33, A: 0xFF},
		"echo":     color.RGBA{R: 0x99, G: 0x99, B: 0x33, A: 0xFF},
		"fiber":    color.RGBA{R: 0xDD, G: 0xCC, B: 0x77, A: 0xFF},
		"raw":      color.RGBA{R: 0xAA, G: 0xAA, B: 0xAA, A: 0xFF},
	}
	otherColors = []color.Color{
		color.RGBA{R: 0xAA, G: 0x44, B: 0x99, A: 0xFF},
		color.RGBA{R: 0x88, G: 0x22, B: 0x55, A: 0xFF},
		color.RGBA{R: 0xCC, G: 0x66, B: 0x77, A: 0xFF},
	}
)

// colorOf returns the fill of a server's bars.
func colorOf(server, project string, servers []string) color.Color {
	if server == project {
		return projectColor
	}
	if c, ok := peerColors[server]; ok {
		return c
	}
	i := 0
	for _, s := range servers {
		if s == server {
			break
		}
		if _, ok := peerColors[s]; !ok && s != project {
			i++
		}
	}
	return otherColors[i%len(otherColors)]
}

// panelPlot draws one panel as a grouped bar chart; with addLegend it
// also fills legend (once, from the first panel).
func panelPlot(p Panel, servers []string, project string, barW vg.Length, addLegend bool, legend *plot.Legend) (*plot.Plot, error) {
	pl := plot.New()
	pl.Title.Text = p.Title
	pl.Title.TextStyle.Font.Size = vg.Points(12)
	pl.X.Tick.Label.Font.Size = vg.Points(11)
	pl.Y.Tick.Label.Font.Size = vg.Points(10)
	pl.Y.Tick.Marker = humanTicks{}
	pl.Y.Min = 0
	grid := plotter.NewGrid()
	grid.Vertical.Width = 0 // the nominal x positions are group centres, not values
	pl.Add(grid)
	pl.NominalX(p.Endpoints...)
	// Half a group's room on either side, so that the grid runs under
	// every bar.
	pl.X.Min, pl.X.Max = -0.5, float64(len(p.Endpoints))-0.5

	n := len(servers)
	top := 0.0
	var labels []plot.Plotter // added after every bar, so that none hides them
	for si, server := range servers {
		row := slices.Index(p.Servers, server)
		if row < 0 {
			continue
		}
		vals := make(plotter.Values, len(p.Endpoints))
		for i, v := range p.Values[row] {
			if !math.IsNaN(v) {
				vals[i] = v
				top = max(top, v)
			}
		}
		bars, err := plotter.NewBarChart(vals, barW)
		if err != nil {
			return nil, err
		}
		bars.Color = colorOf(server, project, servers)
		bars.LineStyle.Width = vg.Points(0.3)
		bars.LineStyle.Color = color.Gray{Y: 0x55}
		if server == project {
			bars.LineStyle.Width = vg.Points(1.2)
			bars.LineStyle.Color = color.Black
		}
		bars.Offset = vg.Length(float64(si)-float64(n-1)/2) * barW
		pl.Add(bars)
		if addLegend {
			name := server
			if server == project {
				name += " (this repo)"
			}
			legend.Add(name, bars)
		}
		if server == project {
			l, err := valueLabels(vals, p.Values[row], p.Metric, bars.Offset+barW/2-vg.Points(2))
			if err != nil {
				return nil, err
			}
			labels = append(labels, l)
		}
	}
	pl.Add(labels...)
	pl.Y.Max = top * 1.12 // room for the labels
	return pl, nil
}

// valueLabels writes each value above its bar, ending at the bar's right
// edge (right): a label wider than its bar reaches left, into the gap
// between groups, since the project is drawn first in its group.
func valueLabels(vals plotter.Values, raw []float64, metric string, right vg.Length) (*plotter.Labels, error) {
	xys := make(plotter.XYs, len(vals))
	texts := make([]string, len(vals))
	for i, v := range vals {
		xys[i] = plotter.XY{X: float64(i), Y: v}
		if !math.IsNaN(raw[i]) {
			texts[i] = format(raw[i], metric)
		}
	}
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: texts})
	if err != nil {
		return nil, err
	}
	for i := range l.TextStyle {
		l.TextStyle[i].Font.Size = vg.Points(9)
		l.TextStyle[i].XAlign = draw.XRight
		l.TextStyle[i].Color = projectColor
	}
	l.Offset = vg.Point{X: right, Y: vg.Points(3)}
	return l, nil
}

// format writes a figure briefly: 115k, 1.32M req/s; 8.45 µs.
func format(v float64, metric string) string {
	if metric == "cpu" {
		switch {
		case v >= 100:
			return fmt.Sprintf("%.0f", v)
		case v >= 10:
			return fmt.Sprintf("%.1f", v)
		}
		return fmt.Sprintf("%.2f", v)
	}
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%.2fM", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%.0fk", v/1e3)
	}
	return fmt.Sprintf("%.0f", v)
}

// humanTicks are gonum's default ticks with labels such as 200k and 1.5M.
type humanTicks struct{}

func (humanTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label == "" {
			continue
		}
		v := ts[i].Value
		switch {
		case math.Abs(v) >= 1e6:
			ts[i].Label = trim(fmt.Sprintf("%.2f", v/1e6)) + "M"
		case math.Abs(v) >= 1e3:
			ts[i].Label = trim(fmt.Sprintf("%.1f", v/1e3)) + "k"
		default:
			ts[i].Label = trim(fmt.Sprintf("%.2f", v))
		}
	}
	return ts
}

// trim drops trailing zeros after a decimal point, and the point.
func trim(s string) string {
	for len(s) > 1 && s[len(s)-1] == '0' && slices.Contains([]byte(s), '.') {
		s = s[:len(s)-1]
	}
	if len(s) > 1 && s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}
