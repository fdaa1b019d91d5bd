package iron

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A key with a huge id costs one cell, not a slot per id below it.
func TestExtensionsHugeKeyID(t *testing.T) {
	huge := &Key[int]{id: 1 << 40, name: "huge"}
	small := &Key[string]{id: 3, name: "small"}
	var x extensions
	holder := &Response{ext: &x}
	Set(holder, huge, 7)
	Set(holder, small, "s")
	v, ok := Get(holder, huge)
	require.True(t, ok)
	assert.Equal(t, 7, v)
	assert.Len(t, x.cells, 2)
	assert.LessOrEqual(t, cap(x.cells), 8)
}

// Requests that each touch new keys leave a storage of at most maxKeptCells
// cells, and the cells kept are those the last request used.
func TestExtensionsStayBounded(t *testing.T) {
	var r Request
	usual := &Key[int]{id: lastKeyID.Add(1)}
	for range 100 {
		r.reset(&Incoming{Method: "GET", Target: "/"})
		Set(&r, usual, 1)
		for range 50 {
			Set(&r, &Key[int]{id: lastKeyID.Add(1)}, 2)
		}
		assert.GreaterOrEqual(t, len(r.ext.cells), 51, "a request holds every key it uses")
	}
	r.reset(nil)
	assert.LessOrEqual(t, len(r.ext.cells), maxKeptCells)
	assert.LessOrEqual(t, cap(r.ext.cells), 4*maxKeptCells)
	assert.NotNil(t, r.ext.find(usual.id), "the cells of the last request are kept first")
	for _, kc := range r.ext.cells {
		assert.False(t, kc.c.isSet(), "nothing of a finished request stays reachable")
	}
}
