package report

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFormats(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct{ got, want string }{
		{count(0), "0"}, {count(999.6), "1,000"}, {count(1234567), "1,234,567"}, {count(nan), "–"},
		{ratio(1.234), "1.23x"}, {ratio(nan), "–"},
		{cpu(8.449), "8.45"}, {cpu(17.64), "17.6"}, {cpu(123.4), "123"}, {cpu(nan), "–"},
		{latency(512), "512 µs"}, {latency(7560), "7.56 ms"}, {latency(1.2e6), "1.20 s"}, {latency(0), "–"},
		{spread(0.041), "±4%"}, {spread(nan), "–"},
		{pct(12.34), "12.3 %"}, {mib(13824), "13.5 MiB"}, {mib(0), "–"},
	} {
		assert.Equal(t, tc.want, tc.got)
	}
}
