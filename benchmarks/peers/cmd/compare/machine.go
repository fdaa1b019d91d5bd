package main

import (
	"bufio"
	"os"
	"runtime"
	"strings"

	"github.com/iron-go/iron/benchmarks/peers/internal/proc"
	"github.com/iron-go/iron/benchmarks/peers/internal/results"
)

// machine describes this machine for the report.
func machine() results.Machine {
	m := results.Machine{CPUs: runtime.NumCPU(), GoVersion: runtime.Version(), GOMAXPROCS: os.Getenv("GOMAXPROCS"),
		ClockTicks: proc.ClockTicks()}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if name, value, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(name) == "model name" {
				m.CPUModel = strings.Join(strings.Fields(value), " ")
				break
			}
		}
	}
	return m
}
