package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreAnyFunction("github.com/panjf2000/ants/v2.(*poolCommon).purgeStaleWorkers"),
		goleak.IgnoreAnyFunction("github.com/panjf2000/ants/v2.(*poolCommon).ticktock"),
	)
}

// The ramp runs and reports, briefly: what it measures is for a quiet
// machine, not for a test.
func TestRampRuns(t *testing.T) {
	p := params{slots: 4, service: 2 * time.Millisecond, loads: []float64{0.25, 1}, step: 200 * time.Millisecond,
		workers: 64, queue: 4, timeout: 2 * time.Second}
	for _, c := range []config{fixed, adaptiveLimit} {
		rows, err := run(c, p)
		require.NoError(t, err)
		require.Len(t, rows, 2)
		for _, r := range rows {
			assert.Positive(t, r.offered)
			assert.Positive(t, r.served)
			assert.Positive(t, r.p50)
			assert.GreaterOrEqual(t, r.p99, r.p50)
			assert.Positive(t, r.limit)
		}
		var out bytes.Buffer
		printTable(&out, c.name(p), rows)
		assert.Equal(t, 2+2, strings.Count(out.String(), "\n|"), "header, rule and a row per step:\n%s", out.String())
	}
}
