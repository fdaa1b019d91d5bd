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

// A storage reused by requests that each touch keys no request touched
// before (keys made per instance, say, one instance per mount) keeps working
// for every key, and still sets the usual handful without allocating.
func TestExtensionsWithKeysMadePerInstance(t *testing.T) {
	usual := []*iron.Key[int]{iron.NewKey[int]("a"), iron.NewKey[int]("b"), iron.NewKey[int]("c")}
	var slot iron.Slot
	req := slot.Request()
	serve := func(extra []*iron.Key[int]) {
		slot.Reset(get)
		for i, k := range usual {
			iron.Set(req, k, i)
		}
		for i, k := range extra {
			iron.Set(req, k, 100+i)
		}
		for i, k := range usual {
			v, ok := iron.Get(req, k)
			assert.True(t, ok)
			assert.Equal(t, i, v)
		}
		for i, k := range extra {
			v, ok := iron.Get(req, k)
			assert.True(t, ok)
			assert.Equal(t, 100+i, v)
		}
	}
	for range 2000 {
		// Each request makes its instance's keys, as a constructor called
		// per mount would: 40 of them, more than a storage keeps.
		perInstance := make([]*iron.Key[int], 40)
		for i := range perInstance {
			perInstance[i] = iron.NewKey[int]("per-instance")
		}
		serve(perInstance)
	}
	serve(nil)
	allocs := testing.AllocsPerRun(100, func() { serve(nil) })
	assert.Zero(t, allocs, "the usual keys still cost nothing")
}

// Many keys in one request, past the point where lookups go through an
// index, each keep their own value, and a Delete among them removes only its
// own.
func TestExtensionsManyKeysInOneRequest(t *testing.T) {
	keys := make([]*iron.Key[int], 100)
	for i := range keys {
		keys[i] = iron.NewKey[int]("many")
	}
	var slot iron.Slot
	req := slot.Request()
	for round := range 3 {
		slot.Reset(get)
		for i, k := range keys {
			iron.Set(req, k, i+round)
		}
		iron.Delete(req, keys[50])
		for i, k := range keys {
			v, ok := iron.Get(req, k)
			if i == 50 {
				assert.False(t, ok)
				continue
			}
			require.True(t, ok, "key %d", i)
			assert.Equal(t, i+round, v)
		}
	}
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
