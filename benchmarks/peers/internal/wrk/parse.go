package wrk

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Result is what one wrk run reports.
type Result struct {
	Requests  int64         // requests completed ("N requests in ...")
	Elapsed   time.Duration // the run's length as wrk measured it
	RPS       float64       // "Requests/sec"
	Latency   Latency       // zero percentiles without --latency
	Errors    SocketErrors
	Non2xx3xx int64 // responses with a status of 400 or more ("Non-2xx or 3xx responses")
}

// Latency is wrk's latency report. Under pipelining wrk times a whole batch,
// from its write to its last response.
type Latency struct {
	Mean, Max          time.Duration
	P50, P75, P90, P99 time.Duration
}

// SocketErrors are wrk's "Socket errors" counts.
type SocketErrors struct {
	Connect, Read, Write, Timeout int64
}

// Total returns the sum of the counts.
func (e SocketErrors) Total() int64 { return e.Connect + e.Read + e.Write + e.Timeout }

// ErrNoReport is returned by [Parse] for output without wrk's
// "Requests/sec" line: wrk failed, or the output is not wrk's.
var ErrNoReport = errors.New("wrk: no report in the output")

// Parse reads wrk's standard report (as printed without a Lua done
// function). Lines it does not know are ignored; a line it knows but
// cannot read is an error.
func Parse(out string) (Result, error) {
	var r Result
	seenRPS := false
	inDistribution := false
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
			continue
		case strings.HasPrefix(line, "Requests/sec:"):
			v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimPrefix(line, "Requests/sec:")), 64)
			if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
				return r, fmt.Errorf("wrk: Requests/sec in %q", line)
			}
			r.RPS, seenRPS = v, true
		case f[0] == "Latency" && len(f) >= 4:
			var err error
			if r.Latency.Mean, err = parseTime(f[1]); err != nil {
				return r, err
			}
			if r.Latency.Max, err = parseTime(f[3]); err != nil {
				return r, err
			}
		case line == "Latency Distribution":
			inDistribution = true
			continue
		case inDistribution && len(f) == 2 && strings.HasSuffix(f[0], "%"):
			d, err := parseTime(f[1])
			if err != nil {
				return r, err
			}
			switch f[0] {
			case "50%":
				r.Latency.P50 = d
			case "75%":
				r.Latency.P75 = d
			case "90%":
				r.Latency.P90 = d
			case "99%":
				r.Latency.P99 = d
			}
			continue
		case len(f) >= 5 && f[1] == "requests" && f[2] == "in":
			n, err := strconv.ParseInt(f[0], 10, 64)
			if err != nil || n < 0 {
				return r, fmt.Errorf("wrk: request count in %q", line)
			}
			r.Requests = n
			if r.Elapsed, err = parseTime(strings.TrimSuffix(f[3], ",")); err != nil {
				return r, err
			}
		case strings.HasPrefix(line, "Socket errors:"):
			if err := parseSocketErrors(strings.TrimPrefix(line, "Socket errors:"), &r.Errors); err != nil {
				return r, err
			}
		case strings.HasPrefix(line, "Non-2xx or 3xx responses:"):
			n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimPrefix(line, "Non-2xx or 3xx responses:")), 10, 64)
			if err != nil || n < 0 {
				return r, fmt.Errorf("wrk: non-2xx count in %q", line)
			}
			r.Non2xx3xx = n
		}
		inDistribution = false
	}
	if err := sc.Err(); err != nil {
		return r, fmt.Errorf("wrk: reading the report: %w", err)
	}
	if !seenRPS {
		return r, ErrNoReport
	}
	return r, nil
}

// parseSocketErrors reads " connect 0, read 1, write 0, timeout 12".
func parseSocketErrors(s string, e *SocketErrors) error {
	for part := range strings.SplitSeq(s, ",") {
		f := strings.Fields(part)
		if len(f) != 2 {
			return fmt.Errorf("wrk: socket errors %q", s)
		}
		n, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil || n < 0 {
			return fmt.Errorf("wrk: socket errors %q", s)
		}
		switch f[0] {
		case "connect":
			e.Connect = n
		case "read":
			e.Read = n
		case "write":
			e.Write = n
		case "timeout":
			e.Timeout = n
		default:
			return fmt.Errorf("wrk: socket errors %q", s)
		}
	}
	return nil
}

// timeUnits are wrk's time suffixes (format_time_us and format_time_s),
// longest match first.
var timeUnits = []struct {
	suffix string
	unit   time.Duration
}{{"us", time.Microsecond}, {"ms", time.Millisecond}, {"s", time.Second}, {"m", time.Minute}, {"h", time.Hour}}

// parseTime reads a wrk time such as "512.34us", "2.10ms", "5.00s", "1.00m".
func parseTime(s string) (time.Duration, error) {
	for _, u := range timeUnits {
		num, ok := strings.CutSuffix(s, u.suffix)
		if !ok {
			continue
		}
		v, err := strconv.ParseFloat(num, 64)
		if err != nil || v < 0 || math.IsNaN(v) || v*float64(u.unit) > math.MaxInt64 {
			break
		}
		return time.Duration(v * float64(u.unit)), nil
	}
	return 0, fmt.Errorf("wrk: time %q", s)
}
