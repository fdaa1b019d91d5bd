package worker_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/worker"
)

func TestNewRefusesBadConfig(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  worker.Config
		want string
	}{
		{"no workers", worker.Config{}, "Workers must be positive, got 0"},
		{"negative workers", worker.Config{Workers: -1}, "Workers must be positive, got -1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := worker.New(tc.cfg, func(int) {})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// held starts n tasks that block until release is closed.
func held(t *testing.T, p *worker.Pool[chan struct{}], n int, release chan struct{}) {
	t.Helper()
	for range n {
		require.NoError(t, p.Invoke(release))
	}
}

func TestQueueThenShed(t *testing.T) {
	for _, tc := range []struct {
		name       string
		queue      int
		wantQueued int
	}{
		{"no queue", worker.NoQueue, 0},
		{"any negative queue is none", -5, 0},
		{"queue of two", 2, 2},
		{"zero is the default: four per worker", 0, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			started := make(chan struct{}, 10)
			p, err := worker.New(worker.Config{Workers: 1, Queue: tc.queue}, func(release chan struct{}) {
				started <- struct{}{}
				<-release
			})
			require.NoError(t, err)
			release := make(chan struct{})
			held(t, p, 1, release)
			<-started

			var wg sync.WaitGroup
			for range tc.wantQueued {
				wg.Go(func() { assert.NoError(t, p.Invoke(release)) })
			}
			require.Eventually(t, func() bool { return p.Stats().Queued == tc.wantQueued }, 2*time.Second, time.Millisecond)
			assert.Equal(t, tc.wantQueued > 0, p.Contended(), "callers wait for a worker")
			assert.ErrorIs(t, p.Invoke(release), worker.ErrOverloaded)
			st := p.Stats()
			assert.Equal(t, uint64(1), st.Shed)
			assert.Equal(t, 1, st.Busy)
			assert.Equal(t, 0, st.Free)

			close(release)
			wg.Wait()
			assert.True(t, p.Release(2*time.Second))
			assert.Equal(t, uint64(1+tc.wantQueued), p.Stats().Done)
		})
	}
}

func TestPanicKeepsTheWorker(t *testing.T) {
	var panics atomic.Int32
	done := make(chan int, 10)
	p, err := worker.New(worker.Config{Workers: 1, Block: true, PanicHandler: func(any) { panics.Add(1) }}, func(n int) {
		if n < 0 {
			panic("negative")
		}
		done <- n
	})
	require.NoError(t, err)
	defer p.Release(time.Second)
	require.NoError(t, p.Invoke(-1))
	require.NoError(t, p.Invoke(7))
	assert.Equal(t, 7, <-done)
	assert.Equal(t, int32(1), panics.Load())
	assert.Equal(t, 1, p.Stats().Running, "the same worker goroutine kept running")
}

func TestTuneAndRelease(t *testing.T) {
	p, err := worker.New(worker.Config{Workers: 2, Block: true}, func(int) {})
	require.NoError(t, err)
	p.Tune(5)
	assert.Equal(t, 5, p.Stats().Workers)
	p.Tune(0)
	assert.Equal(t, 1, p.Stats().Workers, "at least one worker")
	assert.True(t, p.Release(time.Second))
	assert.ErrorIs(t, p.Invoke(1), worker.ErrClosed)
}

func TestInvokeAllocatesNothing(t *testing.T) {
	done := make(chan struct{})
	p, err := worker.New(worker.Config{Workers: 2, Block: true}, func(ch chan struct{}) { ch <- struct{}{} })
	require.NoError(t, err)
	defer p.Release(time.Second)
	allocs := testing.AllocsPerRun(1000, func() {
		if err := p.Invoke(done); err != nil {
			t.Fatal(err)
		}
		<-done
	})
	assert.Zero(t, allocs, "a hand-off reuses its carrier")
}

func TestBindHandsOverWithoutAllocating(t *testing.T) {
	got := make(chan int, 1)
	p, err := worker.New(worker.Config{Workers: 2, Block: true}, func(n int) { got <- n })
	require.NoError(t, err)
	defer p.Release(time.Second)
	seven := p.Bind(7)
	allocs := testing.AllocsPerRun(1000, func() {
		if err := seven(); err != nil {
			t.Fatal(err)
		}
		if n := <-got; n != 7 {
			t.Fatal(n)
		}
	})
	assert.Zero(t, allocs)
	p.Release(time.Second)
	assert.ErrorIs(t, seven(), worker.ErrClosed)
}
