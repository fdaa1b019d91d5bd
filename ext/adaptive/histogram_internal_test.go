package adaptive

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// Every latency falls in a bucket whose middle is within 12.5 % of it (or
// within a microsecond, below 8 µs), and buckets are in order.
func TestBuckets(t *testing.T) {
	prev := -1
	for d := time.Duration(0); d < time.Hour; d = d*9/8 + 1 {
		i := bucketOf(d)
		assert.GreaterOrEqual(t, i, prev, "buckets grow with latency (%v)", d)
		prev = i
		mid := bucketMid(i)
		if d < 8<<unitShift {
			assert.InDelta(t, float64(d), float64(mid), float64(1<<unitShift), "%v", d)
		} else {
			assert.InEpsilon(t, float64(d), float64(mid), 0.125, "%v in bucket %d (mid %v)", d, i, mid)
		}
	}
	assert.Equal(t, numBuckets-1, bucketOf(1<<62))
	assert.Equal(t, 0, bucketOf(-time.Second))
}

func TestPercentile(t *testing.T) {
	var h histogram
	var prev [numBuckets]uint64
	for i := 1; i <= 100; i++ {
		h.record(time.Duration(i) * time.Millisecond)
	}
	var w window
	w.diff(&h, &prev)
	assert.Equal(t, uint64(100), w.n)
	assert.InEpsilon(t, float64(50*time.Millisecond), float64(w.percentile(0.5)), 0.07)
	assert.InEpsilon(t, float64(90*time.Millisecond), float64(w.percentile(0.9)), 0.07)
	assert.InEpsilon(t, float64(100*time.Millisecond), float64(w.percentile(1)), 0.07)

	var empty window
	assert.Zero(t, empty.percentile(0.9))
}
