package metrics_test

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/metrics"
	"github.com/iron-go/iron/internal/servetest"
)

// Ten thousand requests for random paths, with random methods, make a
// handful of series: a scan of random URLs cannot grow the metrics.
func TestRandomPathsMakeBoundedSeries(t *testing.T) {
	const requests, clients = 10_000, 8
	m := metrics.New()
	wait, entered := make(chan struct{}), make(chan struct{})
	addr := servetest.Engine(t, m.Around(chain.New(app(m, wait, entered))))

	methods := []string{"GET", "GET", "GET", "POST", "DELETE", "HEAD"}
	transport := &http.Transport{MaxIdleConnsPerHost: clients}
	defer transport.CloseIdleConnections()
	c := &http.Client{Transport: transport, Timeout: 10 * time.Second}
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for w := range clients {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 42))
			for range requests / clients {
				var path string
				if rng.IntN(2) == 0 {
					path = fmt.Sprintf("/users/%d", rng.Uint64()) // one route
				} else {
					path = fmt.Sprintf("/%x/%x", rng.Uint64(), rng.Uint32()) // no route
				}
				method := methods[rng.IntN(len(methods))]
				if rng.IntN(10) == 0 {
					method = fmt.Sprintf("X%X", rng.Uint32()) // a token no one uses
				}
				req, err := http.NewRequest(method, "http://"+addr+path, nil)
				if err == nil {
					var res *http.Response
					if res, err = c.Do(req); err == nil {
						_, _ = io.Copy(io.Discard, res.Body)
						res.Body.Close()
					}
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	require.NoError(t, <-errs)

	fams := scrape(t, addr)
	f := fams["http_server_requests_total"]
	require.NotNil(t, f)
	total := 0.0
	routes, ms := map[string]bool{}, map[string]bool{}
	for _, mm := range f.GetMetric() {
		l := labelsOf(mm)
		routes[l["route"]], ms[l["method"]] = true, true
		total += mm.GetCounter().GetValue()
	}
	assert.Equal(t, float64(requests), total, "every request counted")
	assert.Equal(t, map[string]bool{"/users/:id": true, metrics.Unmatched: true}, routes)
	for method := range ms {
		assert.Contains(t, []string{"GET", "POST", "DELETE", "HEAD", metrics.OtherMethod}, method)
	}
	// 2 routes × 5 methods × 2 classes (2xx, 4xx) at most.
	assert.LessOrEqual(t, len(f.GetMetric()), 2*5*2, "series: %v", seriesNames(f.GetMetric()))
	assert.LessOrEqual(t, len(fams["http_server_request_duration_seconds"].GetMetric()), 2*5*2)
}

func seriesNames[M interface{ String() string }](ms []M) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(m.String())
		b.WriteByte('\n')
	}
	return b.String()
}
