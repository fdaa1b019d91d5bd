package iron_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
)

func TestExtensions(t *testing.T) {
	started := iron.NewKey[time.Time]("started")
	count := iron.NewKey[int]("count")
	other := iron.NewKey[int]("count") // same name, different key

	req := iron.NewRequest("GET", "/", nil)
	_, ok := iron.Get(req, started)
	assert.False(t, ok)

	now := time.Now()
	iron.Set(req, started, now)
	iron.Set(req, count, 1)
	iron.Set(req, count, 2)

	got, ok := iron.Get(req, started)
	assert.True(t, ok)
	assert.Equal(t, now, got)
	n, _ := iron.Get(req, count)
	assert.Equal(t, 2, n, "later Set replaces")
	_, ok = iron.Get(req, other)
	assert.False(t, ok, "keys are compared by identity, not name")

	iron.Delete(req, count)
	_, ok = iron.Get(req, count)
	assert.False(t, ok)
	iron.Delete(req, other) // deleting an absent key is fine

	res := iron.With(200)
	iron.Set(res, count, 7)
	n, ok = iron.Get(res, count)
	assert.True(t, ok)
	assert.Equal(t, 7, n, "responses carry extensions too")
	_, ok = iron.Get(req, count)
	assert.False(t, ok)
}

func TestExtensionsClearedByReset(t *testing.T) {
	key := iron.NewKey[*int]("ptr")
	var slot iron.Slot
	slot.Reset(get)
	req := slot.Request()
	v := 5
	iron.Set(req, key, &v)
	slot.Reset(&iron.Incoming{Method: "GET", Target: "/next"})
	_, ok := iron.Get(req, key)
	assert.False(t, ok, "a reused request forgets the previous request's values")
	assert.Equal(t, "/next", req.Path())
}

func TestExtensionsReuseAllocatesNothing(t *testing.T) {
	started := iron.NewKey[time.Time]("alloc.started")
	var slot iron.Slot
	slot.Reset(get)
	req := slot.Request()
	now := time.Now()
	iron.Set(req, started, now) // first use on this storage may allocate
	allocs := testing.AllocsPerRun(100, func() {
		slot.Reset(get)
		iron.Set(req, started, now)
		_, _ = iron.Get(req, started)
	})
	assert.Zero(t, allocs)
}

func TestNilKeyPanics(t *testing.T) {
	var k *iron.Key[int]
	assert.Panics(t, func() { iron.Set(iron.NewRequest("GET", "/", nil), k, 1) })
}

func TestPlugin(t *testing.T) {
	calls := 0
	fail := true
	length := iron.NewPlugin("length", func(req *iron.Request) (int, error) {
		calls++
		if fail {
			return 0, errors.New("not yet")
		}
		return len(req.Path()), nil
	})
	doubled := iron.NewPlugin("doubled", func(req *iron.Request) (int, error) {
		n, err := iron.Compute(req, length)
		return 2 * n, err
	})

	req := iron.NewRequest("GET", "/abcd", nil)
	_, err := iron.Compute(req, doubled)
	require.Error(t, err)
	_, err = iron.Compute(req, length)
	require.Error(t, err)
	assert.Equal(t, 2, calls, "a failed computation is not cached")

	fail = false
	v, err := iron.Compute(req, doubled)
	require.NoError(t, err)
	assert.Equal(t, 10, v)
	v, err = iron.Compute(req, length)
	require.NoError(t, err)
	assert.Equal(t, 5, v)
	assert.Equal(t, 3, calls, "a successful computation is cached for the request")

	cached, ok := iron.Get(req, length.Key())
	assert.True(t, ok)
	assert.Equal(t, 5, cached)

	_, _ = iron.Compute(iron.NewRequest("GET", "/x", nil), length)
	assert.Equal(t, 4, calls, "each request computes its own value")
}
