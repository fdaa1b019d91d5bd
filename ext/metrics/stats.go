package metrics

import (
	"errors"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/iron-go/iron/engine"
)

// StatsSource is what [Metrics.CollectStats] reads: a server's statistics.
// The engine's *engine.Engine is one.
type StatsSource interface {
	Stats() engine.Stats
}

// CollectStats registers, in the metrics' registry, gauges and counters read
// from src.Stats() at each scrape (so they cost nothing between scrapes):
//
//	iron_engine_open_connections        gauge    connections open
//	iron_engine_idle_connections        gauge    of which waiting for a request
//	iron_engine_active_connections      gauge    of which with a request in progress
//	iron_engine_workers                 gauge    the worker limit (moved by engine.Tune)
//	iron_engine_busy_workers            gauge    workers running a request
//	iron_engine_free_workers            gauge    requests that could start at once
//	iron_engine_queued_requests         gauge    requests waiting for a worker
//	iron_engine_served_requests_total   counter  requests answered
//	iron_engine_shed_requests_total     counter  requests refused with 503 (workers and queue full)
//	iron_engine_failed_requests_total   counter  malformed requests refused, and answers of 500 or more
//	iron_engine_client_closed_requests_total counter requests whose client went away before the answer
//	iron_engine_upgraded_connections    gauge    connections switched to another protocol, still running
//	iron_engine_upgrades_total          counter  connections switched since the start
//
// It panics when the registry already collects these (CollectStats called
// twice on one registry); serve several engines from one process with a
// registry each.
func (m *Metrics) CollectStats(src StatsSource) {
	if src == nil {
		panic(errors.New("metrics: CollectStats(nil): a StatsSource is required"))
	}
	m.registry.MustRegister(&statsCollector{src: src})
}

type statsMetric struct {
	desc  *prometheus.Desc
	kind  prometheus.ValueType
	value func(engine.Stats) float64
}

func gauge(name, help string, value func(engine.Stats) float64) statsMetric {
	return statsMetric{prometheus.NewDesc(name, help, nil, nil), prometheus.GaugeValue, value}
}

func counter(name, help string, value func(engine.Stats) float64) statsMetric {
	return statsMetric{prometheus.NewDesc(name, help, nil, nil), prometheus.CounterValue, value}
}

// statsMetrics describe every metric of a statsCollector; made once.
var statsMetrics = []statsMetric{
	gauge("iron_engine_open_connections", "Connections open.",
		func(s engine.Stats) float64 { return float64(s.Conns) }),
	gauge("iron_engine_idle_connections", "Open connections waiting for a request.",
		func(s engine.Stats) float64 { return float64(s.IdleConns) }),
	gauge("iron_engine_active_connections", "Open connections with a request being read, run or written.",
		func(s engine.Stats) float64 { return float64(s.ActiveConns) }),
	gauge("iron_engine_workers", "The most requests that run at once (the worker limit).",
		func(s engine.Stats) float64 { return float64(s.Workers) }),
	gauge("iron_engine_busy_workers", "Workers running a request.",
		func(s engine.Stats) float64 { return float64(s.WorkersBusy) }),
	gauge("iron_engine_free_workers", "Requests that could start now without waiting.",
		func(s engine.Stats) float64 { return float64(s.WorkersFree) }),
	gauge("iron_engine_queued_requests", "Requests waiting for a free worker.",
		func(s engine.Stats) float64 { return float64(s.Queued) }),
	counter("iron_engine_served_requests_total", "Requests answered.",
		func(s engine.Stats) float64 { return float64(s.Served) }),
	counter("iron_engine_shed_requests_total", "Requests refused with 503: every worker busy and the queue full, or QueueTimeout passed.",
		func(s engine.Stats) float64 { return float64(s.Shed) }),
	counter("iron_engine_failed_requests_total", "Malformed requests refused, and answers of 500 or more.",
		func(s engine.Stats) float64 { return float64(s.Errors) }),
	counter("iron_engine_client_closed_requests_total", "Requests whose client went away before the answer was sent (not server errors).",
		func(s engine.Stats) float64 { return float64(s.ClientClosed) }),
	gauge("iron_engine_upgraded_connections", "Connections switched to another protocol (WebSocket, say) whose function still runs.",
		func(s engine.Stats) float64 { return float64(s.Upgraded) }),
	counter("iron_engine_upgrades_total", "Connections switched to another protocol since the engine started.",
		func(s engine.Stats) float64 { return float64(s.Upgrades) }),
}

// statsCollector turns one Stats snapshot per scrape into metrics.
type statsCollector struct{ src StatsSource }

func (c *statsCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, m := range statsMetrics {
		ch <- m.desc
	}
}

func (c *statsCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.src.Stats()
	for _, m := range statsMetrics {
		ch <- prometheus.MustNewConstMetric(m.desc, m.kind, m.value(s))
	}
}
