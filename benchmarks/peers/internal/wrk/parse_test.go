package wrk_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/benchmarks/peers/internal/wrk"
)

// Reports as wrk 4.1 prints them.
const (
	plainReport = `Running 5s test @ http://127.0.0.1:18181/plaintext
  1 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   124.30us  343.71us   4.18ms   96.04%
    Req/Sec    87.71k    14.83k  109.10k    54.55%
  Latency Distribution
     50%   60.00us
     75%   82.00us
     90%  113.00us
     99%    2.06ms
  95752 requests in 1.10s, 13.06MB read
Requests/sec:  87049.41
Transfer/sec:     11.87MB
`
	errorsReport = `Running 2s test @ http://127.0.0.1:18181/nope
  1 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.20s   400.00ms   1.99s    70.00%
    Req/Sec    72.11k     4.45k   79.17k    80.00%
  71606 requests in 2.00s, 9.90MB read
  Socket errors: connect 3, read 2, write 1, timeout 12
  Non-2xx or 3xx responses: 71606
Requests/sec:  35803.04
Transfer/sec:      4.95MB
`
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want wrk.Result
	}{
		{"with --latency", plainReport, wrk.Result{
			Requests: 95752, Elapsed: 1100 * time.Millisecond, RPS: 87049.41,
			Latency: wrk.Latency{Mean: 124300 * time.Nanosecond, Max: 4180 * time.Microsecond,
				P50: 60 * time.Microsecond, P75: 82 * time.Microsecond, P90: 113 * time.Microsecond, P99: 2060 * time.Microsecond},
		}},
		{"errors, no percentiles", errorsReport, wrk.Result{
			Requests: 71606, Elapsed: 2 * time.Second, RPS: 35803.04,
			Latency:   wrk.Latency{Mean: 1200 * time.Millisecond, Max: 1990 * time.Millisecond},
			Errors:    wrk.SocketErrors{Connect: 3, Read: 2, Write: 1, Timeout: 12},
			Non2xx3xx: 71606,
		}},
		{"Requests/sec alone", "Requests/sec: 0.00\n", wrk.Result{}},
		{"minutes", "  10 requests in 1.50m, 1KB read\nRequests/sec: 0.11\n",
			wrk.Result{Requests: 10, Elapsed: 90 * time.Second, RPS: 0.11}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := wrk.Parse(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.want.Requests, got.Requests)
			assert.Equal(t, tc.want.Errors, got.Errors)
			assert.Equal(t, tc.want.Non2xx3xx, got.Non2xx3xx)
			assert.InDelta(t, tc.want.RPS, got.RPS, 1e-9)
			assert.InDelta(t, tc.want.Elapsed, got.Elapsed, float64(time.Microsecond))
			for i, pair := range [][2]time.Duration{
				{tc.want.Latency.Mean, got.Latency.Mean}, {tc.want.Latency.Max, got.Latency.Max},
				{tc.want.Latency.P50, got.Latency.P50}, {tc.want.Latency.P75, got.Latency.P75},
				{tc.want.Latency.P90, got.Latency.P90}, {tc.want.Latency.P99, got.Latency.P99},
			} {
				assert.InDelta(t, pair[0], pair[1], 1, "latency figure %d", i) // float rounding: 1 ns
			}
		})
	}
	e, err := wrk.Parse(errorsReport)
	require.NoError(t, err)
	assert.Equal(t, int64(18), e.Errors.Total())
}

func TestParseRejects(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"empty", ""},
		{"wrk's usage text", "Usage: wrk <options> <url>\n  Options:\n"},
		{"connection refused", "unable to connect to 127.0.0.1:1 Connection refused\n"},
		{"rate not a number", "Requests/sec: lots\n"},
		{"negative rate", "Requests/sec: -5\n"},
		{"infinite rate", "Requests/sec: +Inf\n"},
		{"bad percentile", "  Latency Distribution\n     50%   fast\nRequests/sec: 1\n"},
		{"bad unit", "    Latency   1.00ns  1.00us   1.00ms   90%\nRequests/sec: 1\n"},
		{"bad socket errors", "  Socket errors: connect x, read 0, write 0, timeout 0\nRequests/sec: 1\n"},
		{"unknown socket error", "  Socket errors: connect 0, lost 9\nRequests/sec: 1\n"},
		{"bad request count", "  -5 requests in 1.00s, 1KB read\nRequests/sec: 1\n"},
		{"bad non-2xx", "  Non-2xx or 3xx responses: some\nRequests/sec: 1\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := wrk.Parse(tc.in)
			assert.Error(t, err)
		})
	}
	_, err := wrk.Parse("nothing")
	assert.ErrorIs(t, err, wrk.ErrNoReport)
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{plainReport, errorsReport, "Requests/sec: 1\n",
		"  Latency Distribution\n     50%   1.00us\n     99%   2.00h\nRequests/sec: 3.5\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := wrk.Parse(s)
		if err != nil {
			return
		}
		if !strings.Contains(s, "Requests/sec:") {
			t.Fatal("a report without Requests/sec was accepted")
		}
		if r.RPS < 0 || math.IsNaN(r.RPS) || math.IsInf(r.RPS, 0) {
			t.Fatalf("rate %v", r.RPS)
		}
		if r.Requests < 0 || r.Elapsed < 0 || r.Non2xx3xx < 0 || r.Errors.Connect < 0 || r.Errors.Read < 0 ||
			r.Errors.Write < 0 || r.Errors.Timeout < 0 {
			t.Fatalf("negative count in %+v", r)
		}
		for _, d := range []time.Duration{r.Latency.Mean, r.Latency.Max, r.Latency.P50, r.Latency.P75, r.Latency.P90, r.Latency.P99} {
			if d < 0 {
				t.Fatalf("negative latency in %+v", r.Latency)
			}
		}
	})
}
