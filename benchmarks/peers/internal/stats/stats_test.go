package stats_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/iron-go/iron/benchmarks/peers/internal/stats"
)

var nan = math.NaN()

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []float64
		want float64
	}{
		{"odd count, unsorted", []float64{3, 1, 2}, 2},
		{"even count: mean of the middle two", []float64{4, 1, 3, 2}, 2.5},
		{"one value", []float64{7}, 7},
		{"NaN left out", []float64{nan, 5, 1, nan, 3}, 3},
		{"empty", nil, nan},
		{"only NaN", []float64{nan}, nan},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := append([]float64(nil), tc.in...)
			got := stats.Median(in)
			if math.IsNaN(tc.want) {
				assert.True(t, math.IsNaN(got), "got %v", got)
			} else {
				assert.InDelta(t, tc.want, got, 1e-12)
			}
			assert.Equal(t, len(tc.in), len(in))
			for i := range in { // the argument is not sorted in place
				assert.True(t, in[i] == tc.in[i] || math.IsNaN(in[i]) && math.IsNaN(tc.in[i]))
			}
		})
	}
}

func TestSpread(t *testing.T) {
	assert.InDelta(t, 0.1, stats.Spread([]float64{90, 100, 110}), 1e-12)
	assert.InDelta(t, 0.0, stats.Spread([]float64{100}), 1e-12)
	assert.InDelta(t, 50.0/150, stats.Spread([]float64{150, 100, nan, 200}), 1e-12, "median 150, half the range 50")
	assert.True(t, math.IsNaN(stats.Spread(nil)))
	assert.True(t, math.IsNaN(stats.Spread([]float64{0, 0})))
}

func TestRatio(t *testing.T) {
	assert.InDelta(t, 1.5, stats.Ratio(150, 100), 1e-12)
	assert.True(t, math.IsNaN(stats.Ratio(1, 0)))
	assert.True(t, math.IsNaN(stats.Ratio(nan, 1)))
	assert.True(t, math.IsNaN(stats.Ratio(1, nan)))
}

func TestGeoMean(t *testing.T) {
	assert.InDelta(t, 2.0, stats.GeoMean([]float64{1, 4}), 1e-12)
	assert.InDelta(t, 3.0, stats.GeoMean([]float64{3}), 1e-12)
	assert.True(t, math.IsNaN(stats.GeoMean(nil)))
	assert.True(t, math.IsNaN(stats.GeoMean([]float64{2, nan})), "a missing ratio is not dropped")
	assert.True(t, math.IsNaN(stats.GeoMean([]float64{2, 0})))
}
