package metrics_test

import (
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/ext/metrics"
	"github.com/iron-go/iron/internal/servetest"
)

// The engine's statistics are scraped as gauges and counters: here one
// worker, no queue, one request held on the worker and one shed.
func TestEngineStats(t *testing.T) {
	m := metrics.New()
	wait, entered := make(chan struct{}), make(chan struct{})
	e := engine.New(m.Around(chain.New(app(m, wait, entered))),
		engine.Workers(1), engine.Queue(engine.NoQueue), engine.Logger(slog.New(slog.DiscardHandler)))
	m.CollectStats(e)
	addr := servetest.Serve(t, e)
	base := "http://" + addr

	// The worker may still be finishing an answer its client has already
	// read: with one worker and no queue, the next request would be shed.
	workerFree := func() {
		require.Eventually(t, func() bool { return e.Stats().WorkersBusy == 0 }, 5*time.Second, time.Millisecond)
	}
	require.Equal(t, 200, do(t, "GET", base+"/users/1"))
	workerFree()
	require.Equal(t, 500, do(t, "GET", base+"/bug"))
	workerFree()
	held := make(chan int, 1)
	go func() { held <- do(t, "GET", base+"/wait") }()
	<-entered
	require.Equal(t, 503, do(t, "GET", base+"/users/2"), "the only worker is busy and none may wait")
	close(wait)
	require.Equal(t, 200, <-held)

	fams := scrape(t, addr)
	for _, tc := range []struct {
		name string
		want float64
	}{
		{"iron_engine_workers", 1},
		{"iron_engine_busy_workers", 1}, // the scrape itself
		{"iron_engine_free_workers", 0},
		{"iron_engine_queued_requests", 0},
		{"iron_engine_served_requests_total", 3},
		{"iron_engine_shed_requests_total", 1},
		{"iron_engine_failed_requests_total", 1},
		{"iron_engine_client_closed_requests_total", 0},
		{"iron_engine_upgraded_connections", 0},
		{"iron_engine_upgrades_total", 0},
	} {
		assert.Equal(t, tc.want, value(fams, tc.name, nil), tc.name)
	}
	open := value(fams, "iron_engine_open_connections", nil)
	assert.GreaterOrEqual(t, open, 1.0, "at least the scrape's connection")
	assert.Equal(t, open, value(fams, "iron_engine_idle_connections", nil)+value(fams, "iron_engine_active_connections", nil))
	assert.GreaterOrEqual(t, value(fams, "iron_engine_active_connections", nil), 1.0)

	assert.Equal(t, "COUNTER", fams["iron_engine_shed_requests_total"].GetType().String())
	assert.Equal(t, "GAUGE", fams["iron_engine_queued_requests"].GetType().String())

	assert.Panics(t, func() { m.CollectStats(e) }, "twice on one registry")
}
