package memstore_test

import (
	"fmt"
	"strconv"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/iron-go/iron/ext/session/memstore"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestSaveLoadDelete(t *testing.T) {
	s := memstore.New()
	defer s.Close()
	ctx := t.Context()

	data, err := s.Load(ctx, "a")
	require.NoError(t, err)
	assert.Nil(t, data, "nothing saved")

	buf := []byte("one")
	require.NoError(t, s.Save(ctx, "a", buf, time.Hour))
	buf[0] = 'X' // the caller reuses its buffer
	data, err = s.Load(ctx, "a")
	require.NoError(t, err)
	assert.Equal(t, "one", string(data), "the store kept a copy")

	require.NoError(t, s.Save(ctx, "a", []byte("two"), time.Hour))
	data, _ = s.Load(ctx, "a")
	assert.Equal(t, "two", string(data))
	assert.Equal(t, 1, s.Len())

	require.NoError(t, s.Delete(ctx, "a"))
	require.NoError(t, s.Delete(ctx, "never-saved"))
	data, _ = s.Load(ctx, "a")
	assert.Nil(t, data)
	assert.Zero(t, s.Len())
}

func TestExpiry(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := memstore.New(memstore.CleanupInterval(time.Hour))
		defer s.Close()
		ctx := t.Context()
		require.NoError(t, s.Save(ctx, "short", []byte("x"), time.Minute))
		require.NoError(t, s.Save(ctx, "long", []byte("y"), 2*time.Hour))

		time.Sleep(time.Minute - time.Nanosecond)
		data, _ := s.Load(ctx, "short")
		assert.Equal(t, "x", string(data))
		time.Sleep(time.Nanosecond)
		data, _ = s.Load(ctx, "short")
		assert.Nil(t, data, "expired: never returned, even before the janitor runs")
		assert.Equal(t, 1, s.Len(), "and removed when found")
	})
}

func TestJanitorSweeps(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := memstore.New(memstore.CleanupInterval(10 * time.Minute))
		defer s.Close()
		ctx := t.Context()
		for i := range 100 {
			require.NoError(t, s.Save(ctx, strconv.Itoa(i), []byte("x"), time.Minute))
		}
		require.NoError(t, s.Save(ctx, "kept", []byte("x"), time.Hour))
		assert.Equal(t, 101, s.Len())
		time.Sleep(10*time.Minute + time.Second)
		synctest.Wait()
		assert.Equal(t, 1, s.Len(), "the janitor removed what expired, unasked")
	})
}

func TestBoundedWithEviction(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := memstore.New(memstore.MaxEntries(64), memstore.Shards(4))
		defer s.Close()
		ctx := t.Context()
		// Older sessions expire sooner: eviction takes those first.
		for i := range 1000 {
			require.NoError(t, s.Save(ctx, fmt.Sprint("s", i), []byte("x"), time.Hour+time.Duration(i)*time.Second))
			require.LessOrEqual(t, s.Len(), 64)
		}
		assert.Equal(t, 64, s.Len())
		data, _ := s.Load(ctx, "s999")
		assert.Equal(t, "x", string(data), "the newest is kept")
		kept := 0
		for i := range 500 {
			if data, _ := s.Load(ctx, fmt.Sprint("s", i)); data != nil {
				kept++
			}
		}
		assert.Less(t, kept, 10, "the oldest half is almost all gone")

		// Replacing an existing entry in a full store evicts nothing.
		require.NoError(t, s.Save(ctx, "s999", []byte("y"), time.Hour))
		assert.Equal(t, 64, s.Len())
	})
}

func TestConcurrentUse(t *testing.T) {
	s := memstore.New(memstore.Shards(2), memstore.MaxEntries(100))
	defer s.Close()
	ctx := t.Context()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				id := fmt.Sprint(g, "-", i%50)
				_ = s.Save(ctx, id, []byte(id), time.Minute)
				if data, _ := s.Load(ctx, id); data != nil && string(data) != id {
					t.Errorf("Load(%q) = %q", id, data)
				}
				if i%7 == 0 {
					_ = s.Delete(ctx, id)
				}
			}
		})
	}
	wg.Wait()
	assert.LessOrEqual(t, s.Len(), 100)
}

func TestCloseStopsTheJanitor(t *testing.T) {
	s := memstore.New()
	require.NoError(t, s.Close())
	require.NoError(t, s.Close(), "twice is fine")
	require.NoError(t, s.Save(t.Context(), "a", []byte("x"), time.Minute), "the store still works")
	data, _ := s.Load(t.Context(), "a")
	assert.Equal(t, "x", string(data))
	// goleak, in TestMain, checks that the janitor has ended.
}

func TestOptionsPanic(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func()
		says string
	}{
		{"max entries", func() { memstore.New(memstore.MaxEntries(0)) }, "memstore: MaxEntries(0): must be at least 1"},
		{"shards", func() { memstore.New(memstore.Shards(-1)) }, "memstore: Shards(-1): must be at least 1"},
		{"interval", func() { memstore.New(memstore.CleanupInterval(0)) }, "memstore: CleanupInterval(0s): must be positive"},
		{"fewer entries than shards", func() { memstore.New(memstore.MaxEntries(3), memstore.Shards(4)) }, "memstore: MaxEntries(3) is smaller than Shards(4)"},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.PanicsWithError(t, tc.says, tc.fn) })
	}
}
