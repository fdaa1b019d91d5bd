package adaptive

import (
	"math"
	"math/bits"
	"sync/atomic"
	"time"
)

// The latency histogram has log-linear buckets over units of 1,024 ns:
// exact below 8 units, then 8 buckets per power of two, so a bucket is at
// most 12.5 % wide, from about 1 µs to about 13 days.
const (
	unitShift  = 10 // 1 unit = 1,024 ns
	subBits    = 3
	subBuckets = 1 << subBits
	maxExp     = 40
	numBuckets = subBuckets + (maxExp-subBits+1)*subBuckets
)

// histogram counts latencies. Counts only grow: a window is the difference
// between two snapshots, so recording never races with a reset.
type histogram struct {
	counts [numBuckets]atomic.Uint64
}

func (h *histogram) record(d time.Duration) { h.counts[bucketOf(d)].Add(1) }

// window holds the counts of one sampling window.
type window struct {
	counts [numBuckets]uint64
	n      uint64
}

// diff sets w to what h counted since prev, without changing prev.
func (w *window) diff(h *histogram, prev *[numBuckets]uint64) {
	w.n = 0
	for i := range h.counts {
		c := h.counts[i].Load() - prev[i]
		w.counts[i] = c
		w.n += c
	}
}

// percentile returns the latency under which a fraction p of the window's
// samples lie: the middle of the bucket that holds the sample of rank
// ceil(p·n). It returns 0 for an empty window.
func (w *window) percentile(p float64) time.Duration {
	if w.n == 0 {
		return 0
	}
	rank := uint64(math.Ceil(p * float64(w.n)))
	rank = min(max(rank, 1), w.n)
	var seen uint64
	for i, c := range w.counts {
		seen += c
		if seen >= rank {
			return bucketMid(i)
		}
	}
	return bucketMid(numBuckets - 1)
}

func bucketOf(d time.Duration) int {
	v := uint64(max(d, 0)) >> unitShift
	if v < subBuckets {
		return int(v)
	}
	e := bits.Len64(v) - 1 // at least subBits
	if e > maxExp {
		return numBuckets - 1
	}
	return subBuckets + (e-subBits)*subBuckets + int((v>>(e-subBits))&(subBuckets-1))
}

// bucketMid returns the middle of bucket i.
func bucketMid(i int) time.Duration {
	if i < subBuckets {
		return time.Duration(i)<<unitShift + 1<<(unitShift-1)
	}
	j := i - subBuckets
	e, m := j/subBuckets+subBits, uint64(j%subBuckets)
	lo := (subBuckets + m) << (e - subBits)
	width := uint64(1) << (e - subBits)
	return time.Duration((2*lo + width) << (unitShift - 1))
}
