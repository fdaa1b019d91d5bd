package bodyparser_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/bodyparser"
)

func TestNewPanicsOnLimitsThatCannotWork(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		want string
	}{
		{0, "bodyparser: MaxBodyBytes(0): the limit must be positive"},
		{-1, "bodyparser: MaxBodyBytes(-1): the limit must be positive"},
	} {
		assert.PanicsWithError(t, tc.want, func() { bodyparser.New(bodyparser.MaxBodyBytes(tc.n)) })
	}
	assert.NotPanics(t, func() { bodyparser.New(nil, bodyparser.MaxBodyBytes(1)) }, "nil options are skipped")
}

func TestMaxBytesIsTheLinkedSettingsOrTheDefault(t *testing.T) {
	req := iron.NewRequest("GET", "/", nil)
	assert.EqualValues(t, bodyparser.DefaultMaxBodyBytes, bodyparser.MaxBytes(req))
	assert.EqualValues(t, 1<<20, bodyparser.MaxBytes(req), "1 MiB by default")
	assert.NoError(t, bodyparser.New(bodyparser.MaxBodyBytes(10)).Before(req))
	assert.EqualValues(t, 10, bodyparser.MaxBytes(req))
	assert.NoError(t, bodyparser.New(bodyparser.MaxBodyBytes(20)).Before(req))
	assert.EqualValues(t, 20, bodyparser.MaxBytes(req), "the settings linked last (innermost) win")
}
