package httpheader_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/iron-go/iron/internal/httpheader"
)

func TestIsToken(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"GET", true}, {"X-Request-ID", true}, {"!#$%&'*+-.^_`|~09azAZ", true}, {"PROPFIND", true},
		{"", false}, {"a b", false}, {"a:b", false}, {"a/b", false}, {`"a"`, false}, {"a,b", false},
		{"a;b", false}, {"a=b", false}, {"(a)", false}, {"[a]", false}, {"{a}", false}, {"a@b", false},
		{"a?b", false}, {"a\\b", false}, {"a\tb", false}, {"a\x00", false}, {"a\x7f", false}, {"caf\xc3\xa9", false},
	} {
		assert.Equal(t, tc.want, httpheader.IsToken(tc.in), "IsToken(%q)", tc.in)
		assert.Equal(t, tc.want, httpheader.IsToken([]byte(tc.in)), "IsToken([]byte(%q))", tc.in)
	}
}

func TestEqualFold(t *testing.T) {
	for _, tc := range []struct {
		s, t string
		want bool
	}{
		{"close", "close", true}, {"CLOSE", "close", true}, {"Content-Length", "content-LENGTH", true},
		{"", "", true}, {"close", "clos", false}, {"close", "closf", false},
		{"\u212a", "k", false}, {"\xc3\xa9", "\xc3\x89", false}, {"@", "`", false}, {"[", "{", false},
	} {
		assert.Equal(t, tc.want, httpheader.EqualFold(tc.s, tc.t), "EqualFold(%q, %q)", tc.s, tc.t)
	}
}

func TestFieldValues(t *testing.T) {
	for _, tc := range []struct {
		name        string
		in          string
		valid, safe bool
	}{
		{"plain", "text/html; charset=utf-8", true, true},
		{"tab and space", "a\tb c", true, true},
		{"obs-text", "caf\xc3\xa9", true, true},
		{"empty", "", true, true},
		{"CR", "a\rb", false, false},
		{"LF", "a\nSet-Cookie: x", false, false},
		{"CRLF", "text/plain\r\nSet-Cookie: x=1", false, false},
		{"NUL", "a\x00", false, false},
		{"other control", "a\x01b", false, true},
		{"DEL", "a\x7f", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.valid, httpheader.ValidFieldValue(tc.in), "ValidFieldValue")
			assert.Equal(t, tc.safe, httpheader.SafeFieldValue(tc.in), "SafeFieldValue")
			assert.Equal(t, tc.safe, httpheader.SafeFieldValue([]byte(tc.in)), "SafeFieldValue bytes")
		})
	}
}

func TestSafeHeader(t *testing.T) {
	for _, tc := range []struct {
		name string
		h    http.Header
		want bool
	}{
		{"nil", nil, true},
		{"ordinary", http.Header{"Content-Type": {"text/plain"}, "x-lower": {"a", "b"}}, true},
		{"bad name", http.Header{"Bad Name": {"x"}}, false},
		{"empty name", http.Header{"": {"x"}}, false},
		{"split value", http.Header{"X": {"ok", "a\r\nb"}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, httpheader.SafeHeader(tc.h))
		})
	}
}
