package worker_test

import (
	"fmt"
	"sync"
	"time"

	"github.com/iron-go/iron/worker"
)

// A pool of two workers squares numbers; a full pool with no queue would
// refuse more work with ErrOverloaded, which a server turns into a 503.
func Example() {
	var mu sync.Mutex
	var wg sync.WaitGroup
	sum := 0
	p, err := worker.New(worker.Config{Workers: 2, Block: true}, func(n int) {
		defer wg.Done()
		mu.Lock()
		sum += n * n
		mu.Unlock()
	})
	if err != nil {
		panic(err)
	}
	defer p.Release(time.Second)
	for n := 1; n <= 4; n++ {
		wg.Add(1)
		if err := p.Invoke(n); err != nil {
			panic(err)
		}
	}
	wg.Wait()
	fmt.Println(sum)
	// Output: 30
}
