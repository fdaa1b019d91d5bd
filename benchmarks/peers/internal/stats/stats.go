// Package stats holds the few statistics the comparison reports: medians
// over rounds, the spread between rounds, ratios and their geometric mean.
// Every function leaves its argument unchanged and treats NaN as "no
// value", so a missing measurement shows as missing rather than as zero.
package stats

import (
	"math"
	"slices"
)

// Median returns the median of the values that are not NaN (the mean of
// the middle two for an even count), or NaN when there is none.
func Median(xs []float64) float64 {
	v := finite(xs)
	if len(v) == 0 {
		return math.NaN()
	}
	slices.Sort(v)
	mid := len(v) / 2
	if len(v)%2 == 1 {
		return v[mid]
	}
	return (v[mid-1] + v[mid]) / 2
}

// Spread returns half the range (max − min) of the values relative to their
// median: 0.05 means ±5 %. It is NaN with no value or a zero median, and 0
// with one value.
func Spread(xs []float64) float64 {
	v := finite(xs)
	m := Median(v)
	if len(v) == 0 || m == 0 {
		return math.NaN()
	}
	return (slices.Max(v) - slices.Min(v)) / 2 / math.Abs(m)
}

// Ratio returns a / b, or NaN when either is NaN or b is zero.
func Ratio(a, b float64) float64 {
	if math.IsNaN(a) || math.IsNaN(b) || b == 0 {
		return math.NaN()
	}
	return a / b
}

// GeoMean returns the geometric mean of the positive values; it is NaN when
// any value is NaN, zero or negative, or when there is none, since a ratio
// that could not be measured must not vanish from a summary.
func GeoMean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	sum := 0.0
	for _, x := range xs {
		if math.IsNaN(x) || x <= 0 {
			return math.NaN()
		}
		sum += math.Log(x)
	}
	return math.Exp(sum / float64(len(xs)))
}

// finite returns a copy of xs without its NaNs.
func finite(xs []float64) []float64 {
	v := make([]float64, 0, len(xs))
	for _, x := range xs {
		if !math.IsNaN(x) {
			v = append(v, x)
		}
	}
	return v
}
