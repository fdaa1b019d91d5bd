// Package results is the comparison's record: every measurement of a run
// of cmd/compare as it is written to JSON, and the medians and ratios that
// the report and the chart are made of.
//
// The JSON keeps every raw measurement, including runs that were measured
// again because the machine was noisy (Superseded), so that a reader can
// redo any figure. Times are in seconds or microseconds as the field names
// say; CPU times count user and system time.
package results

import (
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// Version is the format version written to File.Version.
const Version = 1

// File is one run of the comparison.
type File struct {
	Version  int       `json:"version"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	Machine  Machine   `json:"machine"`
	Config   Config    `json:"config"`
	// BackgroundBeforePct is the CPU other processes used during a second
	// before the first build, in % of the whole machine.
	BackgroundBeforePct float64  `json:"background_before_pct"`
	Runs                []Run    `json:"runs"`
	Memory              []Memory `json:"memory"`
}

// Machine describes where the run happened.
type Machine struct {
	CPUs       int     `json:"cpus"`
	CPUModel   string  `json:"cpu_model"`
	Kernel     string  `json:"kernel"`
	GoVersion  string  `json:"go_version"`
	GOMAXPROCS string  `json:"gomaxprocs_env,omitempty"` // the servers' GOMAXPROCS, when set
	ClockTicks float64 `json:"clock_ticks"`
}

// Config is how the run was made.
type Config struct {
	Command        string   `json:"command"`
	Rounds         int      `json:"rounds"`
	DurationSec    float64  `json:"duration_sec"`
	WarmupSec      float64  `json:"warmup_sec"`
	Threads        int      `json:"threads"`
	Connections    int      `json:"connections"`
	Pipelines      []int    `json:"pipelines"` // requests per write, 1 = no pipelining
	Endpoints      []string `json:"endpoints"`
	Servers        []string `json:"servers"` // in the order of the first round
	Project        string   `json:"project"` // the server the summary line speaks of
	Pin            bool     `json:"pin"`
	NoiseThreshold float64  `json:"noise_threshold_pct"`
}

// Run is one measured wrk run of one server on one endpoint.
type Run struct {
	Server   string `json:"server"`
	Endpoint string `json:"endpoint"`
	Pipeline int    `json:"pipeline"`
	Round    int    `json:"round"`    // from 1
	Position int    `json:"position"` // the server's place in its round, from 1
	Attempt  int    `json:"attempt"`  // from 1; later attempts re-measure a noisy run
	// Superseded marks a noisy attempt that a later one replaced; the
	// figures use only the others.
	Superseded bool `json:"superseded,omitempty"`

	Requests     int64   `json:"requests"`
	ElapsedSec   float64 `json:"elapsed_sec"`
	RPS          float64 `json:"rps"`
	LatencyP50us float64 `json:"latency_p50_us"`
	LatencyP75us float64 `json:"latency_p75_us"`
	LatencyP90us float64 `json:"latency_p90_us"`
	LatencyP99us float64 `json:"latency_p99_us"`
	LatencyMaxus float64 `json:"latency_max_us"`
	SocketErrors int64   `json:"socket_errors"`
	Non2xx3xx    int64   `json:"non_2xx_3xx"`

	ServerCPUSec  float64 `json:"server_cpu_sec"`
	WrkCPUSec     float64 `json:"wrk_cpu_sec"`
	WallSec       float64 `json:"wall_sec"`       // between the two /proc snapshots around wrk
	BackgroundPct float64 `json:"background_pct"` // other processes' CPU, % of the machine
	Noisy         bool    `json:"noisy,omitempty"`
}

// Errors returns the run's socket errors plus its error responses.
func (r Run) Errors() int64 { return r.SocketErrors + r.Non2xx3xx }

// ServerCPUPerRequest returns the server's CPU µs per completed request.
func (r Run) ServerCPUPerRequest() float64 { return perRequest(r.ServerCPUSec, r.Requests) }

// WrkCPUPerRequest returns wrk's own CPU µs per completed request.
func (r Run) WrkCPUPerRequest() float64 { return perRequest(r.WrkCPUSec, r.Requests) }

func perRequest(sec float64, n int64) float64 {
	if n <= 0 {
		return nan
	}
	return sec * 1e6 / float64(n)
}

// Memory is a server's peak resident memory in one round of one mode.
type Memory struct {
	Server     string `json:"server"`
	Pipeline   int    `json:"pipeline"`
	Round      int    `json:"round"`
	PeakRSSKiB int64  `json:"peak_rss_kib"` // VmHWM when the server stopped
}

// Save writes f as indented JSON to path.
func (f *File) Save(path string) error {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// Load reads a File written by Save.
func Load(path string) (*File, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f File
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("results: %s: %w", path, err)
	}
	if f.Version != Version {
		return nil, fmt.Errorf("results: %s: format version %d, this program reads %d", path, f.Version, Version)
	}
	return &f, nil
}
