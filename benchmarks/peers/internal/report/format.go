package report

import (
	"fmt"
	"math"
	"strconv"

	"github.com/iron-go/iron/benchmarks/peers/internal/results"
)

const dash = "–"

// count formats a rate as a whole number with thousands separators.
func count(v float64) string {
	if math.IsNaN(v) {
		return dash
	}
	s := strconv.FormatInt(int64(math.Round(v)), 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// ratio formats a ratio as "1.23x".
func ratio(v float64) string {
	if math.IsNaN(v) {
		return dash
	}
	return fmt.Sprintf("%.2fx", v)
}

// cpu formats µs per request with three significant figures (at least one
// decimal).
func cpu(v float64) string {
	switch {
	case math.IsNaN(v):
		return dash
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// latency formats microseconds as "733 µs", "7.56 ms" or "1.20 s".
func latency(us float64) string {
	switch {
	case math.IsNaN(us) || us <= 0:
		return dash
	case us < 1000:
		return fmt.Sprintf("%.0f µs", us)
	case us < 1e6:
		return fmt.Sprintf("%.2f ms", us/1e3)
	}
	return fmt.Sprintf("%.2f s", us/1e6)
}

// spread formats a relative half-range as "±4%".
func spread(v float64) string {
	if math.IsNaN(v) {
		return dash
	}
	return fmt.Sprintf("±%.0f%%", v*100)
}

// pct formats a percentage with one decimal.
func pct(v float64) string {
	if math.IsNaN(v) {
		return dash
	}
	return fmt.Sprintf("%.1f %%", v)
}

// mib formats KiB as MiB with one decimal.
func mib(kib int64) string {
	if kib <= 0 {
		return dash
	}
	return fmt.Sprintf("%.1f MiB", float64(kib)/1024)
}

// warn marks a cell with a noisy round.
func warn(c results.Cell) string {
	if c.Noisy > 0 {
		return " ⚠"
	}
	return ""
}

func orDash(s string) string {
	if s == "" {
		return dash
	}
	return s
}
