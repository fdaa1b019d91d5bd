package chart

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestFormat(t *testing.T) {
	assert.Equal(t, "115k", format(115_200, "rps"))
	assert.Equal(t, "1.32M", format(1_323_000, "rps"))
	assert.Equal(t, "950", format(950, "rps"))
	assert.Equal(t, "8.45", format(8.449, "cpu"))
	assert.Equal(t, "10.5", format(10.5, "cpu"))
	assert.Equal(t, "123", format(123.4, "cpu"))
}

func TestHumanTicks(t *testing.T) {
	var labels []string
	for _, tk := range (humanTicks{}).Ticks(0, 1_500_000) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	assert.Contains(t, labels, "0")
	assert.Contains(t, labels, "1M")
	for _, l := range labels {
		assert.NotContains(t, l, "e+", "no exponent notation")
	}
	assert.Equal(t, "1.5", trim("1.50"))
	assert.Equal(t, "2", trim("2.00"))
	assert.Equal(t, "100", trim("100"))
}
