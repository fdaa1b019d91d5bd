package cookie_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/cookie"
)

// requestWith returns a GET request carrying the given Cookie header lines.
func requestWith(lines ...string) *iron.Request {
	req := iron.NewRequest("GET", "/", nil)
	for _, l := range lines {
		req.Header().Add("Cookie", l)
	}
	return req
}

func TestGet(t *testing.T) {
	for _, tc := range []struct {
		name   string
		lines  []string
		cookie string
		want   string
		found  bool
	}{
		{"one", []string{"a=1"}, "a", "1", true},
		{"among others", []string{"a=1; b=2; c=3"}, "b", "2", true},
		{"first of two wins", []string{"a=1; a=2"}, "a", "1", true},
		{"second line", []string{"x=1", "a=2"}, "a", "2", true},
		{"absent", []string{"a=1"}, "b", "", false},
		{"no header", nil, "a", "", false},
		{"empty name asked", []string{"=1"}, "", "", false},
		{"empty value", []string{"a="}, "a", "", true},
		{"no equals sign", []string{"a"}, "a", "", true},
		{"quotes removed", []string{`a="x y"`}, "a", "x y", true},
		{"lone quote is invalid", []string{`a="; b=2`}, "a", "", false},
		{"case matters", []string{"A=1"}, "a", "", false},
		{"space after equals kept, as net/http does", []string{" \t a = 1 ;b=2 "}, "a", " 1", true},
		{"whitespace around name", []string{" \t a =1 ;b=2 "}, "a", "1", true},
		{"value with equals", []string{"a=x=y"}, "a", "x=y", true},
		{"invalid name skipped", []string{"a b=1; a=2"}, "a", "2", true},
		{"invalid value skipped", []string{`a=x\y; a=2`}, "a", "2", true},
		{"control byte skipped", []string{"a=x\x01; a=2"}, "a", "2", true},
		{"non-ASCII skipped", []string{"a=caf\xc3\xa9; a=2"}, "a", "2", true},
		{"empty pairs", []string{";;; a=1 ;;"}, "a", "1", true},
		{"comma is part of a value", []string{"a=1, b=2"}, "a", "1, b=2", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := cookie.Get(requestWith(tc.lines...), tc.cookie)
			assert.Equal(t, tc.found, ok)
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestGetAgreesWithNetHTTP checks a few awkward headers against net/http's
// own parser; FuzzParse does the same for generated ones.
func TestGetAgreesWithNetHTTP(t *testing.T) {
	for _, line := range []string{
		`a=1; b="2"; c=x y; d=; e`, "\t a=1\r\n", `"a"=1; a=2`, `a=""; b="`, "a=1;\x00b=2",
	} {
		hr := &http.Request{Header: http.Header{"Cookie": {line}}}
		for _, c := range hr.Cookies() {
			got, ok := cookie.Get(requestWith(line), c.Name)
			require.True(t, ok, "%q in %q", c.Name, line)
			first, _ := hr.Cookie(c.Name)
			assert.Equal(t, first.Value, got, "%q in %q", c.Name, line)
		}
		assert.Equal(t, len(hr.Cookies()), len(cookie.All(requestWith(line))), line)
	}
}

func TestAll(t *testing.T) {
	req := requestWith(`a=1; b="two"; bad name=3`, "c=3")
	all := cookie.All(req)
	require.Len(t, all, 3)
	assert.Equal(t, []string{"a", "b", "c"}, []string{all[0].Name, all[1].Name, all[2].Name})
	assert.Equal(t, "two", all[1].Value)
	assert.True(t, all[1].Quoted)
	assert.Same(t, all[0], cookie.All(req)[0], "parsed once per request")

	none := cookie.All(iron.NewRequest("GET", "/", nil))
	assert.NotNil(t, none)
	assert.Empty(t, none)
}

func TestGetAllocations(t *testing.T) {
	get := func(req *iron.Request) float64 {
		return testing.AllocsPerRun(100, func() {
			if v, ok := cookie.Get(req, "session"); !ok || v != "abcdef" {
				t.Fatal("not found")
			}
		})
	}
	const line = "theme=dark; session=abcdef; lang=en"
	withMap := iron.NewRequest("GET", "/", nil)
	withMap.Header().Set("Cookie", line)
	assert.Zero(t, get(withMap), "with the header map built")

	// As a server hands it over: header fields, no map yet.
	freshSlot := new(iron.Slot)
	fresh := freshSlot.Request()
	freshSlot.Reset(&iron.Incoming{Method: "GET", Target: "/", Header: []iron.HeaderField{{Name: "Cookie", Value: line}}})
	assert.LessOrEqual(t, get(fresh), 1.0, "the list of Cookie lines only")
}
