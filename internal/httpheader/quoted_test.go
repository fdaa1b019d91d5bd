package httpheader_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/iron-go/iron/internal/httpheader"
)

func TestQuote(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", `""`},
		{"restricted", `"restricted"`},
		{"a b\tc", "\"a b\tc\""},
		{`say "hi"`, `"say \"hi\""`},
		{`C:\dir`, `"C:\\dir"`},
		{"caf\xc3\xa9", "\"caf\xc3\xa9\""},
	} {
		assert.Equal(t, tc.want, httpheader.Quote(tc.in), "Quote(%q)", tc.in)
	}
}

func TestCutQuoted(t *testing.T) {
	for _, tc := range []struct {
		name, in    string
		value, rest string
		ok          bool
	}{
		{"plain", `"abc"; x=1`, "abc", "; x=1", true},
		{"empty", `""`, "", "", true},
		{"comma and semicolon inside", `"a, b; c",d`, "a, b; c", ",d", true},
		{"escaped quote", `"a\"b"`, `a"b`, "", true},
		{"escaped backslash ends", `"a\\"x`, `a\`, "x", true},
		{"escaped ordinary char", `"\a"`, "a", "", true},
		{"obs-text", "\"caf\xc3\xa9\"", "caf\xc3\xa9", "", true},
		{"tab inside", "\"a\tb\"", "a\tb", "", true},
		{"no opening quote", `abc"`, "", "", false},
		{"empty input", "", "", "", false},
		{"unterminated", `"abc`, "", "", false},
		{"escape at the end", `"abc\`, "", "", false},
		{"escaped quote unterminated", `"abc\"`, "", "", false},
		{"control character", "\"a\x01b\"", "", "", false},
		{"DEL", "\"a\x7fb\"", "", "", false},
		{"escaped control character", "\"a\\\nb\"", "", "", false},
		{"NUL", "\"a\x00\"", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			value, rest, ok := httpheader.CutQuoted(tc.in)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.value, value)
			assert.Equal(t, tc.rest, rest)
		})
	}
}

func TestCutQuotedAllocatesNothingWithoutEscapes(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() { httpheader.CutQuoted(`"192.0.2.1:80";proto=https`) })
	assert.Zero(t, allocs)
}
