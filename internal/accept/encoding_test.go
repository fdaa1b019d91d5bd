package accept_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/iron-go/iron/internal/accept"
)

// names returns the codings of offered at the indexes got.
func names(offered []string, got []int) []string {
	out := []string{}
	for _, i := range got {
		out = append(out, offered[i])
	}
	return out
}

func TestEncodings(t *testing.T) {
	server := []string{"br", "zstd", "gzip"}
	for _, tc := range []struct {
		name    string
		values  []string // Accept-Encoding lines; nil is no header
		offered []string // nil means server
		want    []string
	}{
		{name: "no header", want: []string{}},
		{name: "empty header", values: []string{""}, want: []string{}},
		{name: "one", values: []string{"gzip"}, want: []string{"gzip"}},
		{name: "browser list takes server order", values: []string{"gzip, deflate, br, zstd"}, want: []string{"br", "zstd", "gzip"}},
		{name: "higher q first", values: []string{"br;q=0.5, gzip;q=0.9, zstd;q=0.7"}, want: []string{"gzip", "zstd", "br"}},
		{name: "q=0 refuses", values: []string{"br;q=0, gzip"}, want: []string{"gzip"}},
		{name: "only refused", values: []string{"br;q=0, gzip;q=0"}, want: []string{}},
		{name: "unsupported only", values: []string{"deflate, compress"}, want: []string{}},
		{name: "star", values: []string{"*"}, want: []string{"br", "zstd", "gzip"}},
		{name: "star with refusal", values: []string{"*, br;q=0"}, want: []string{"zstd", "gzip"}},
		{name: "named beats star", values: []string{"*;q=0.5, gzip"}, want: []string{"gzip", "br", "zstd"}},
		{name: "star refused", values: []string{"*;q=0"}, want: []string{}},
		{name: "star q=0 refuses the rest", values: []string{"gzip;q=0.2, *;q=0"}, want: []string{"gzip"}},
		{name: "star weighs identity", values: []string{"*;q=0.5, gzip;q=0.3"}, want: []string{"br", "zstd"}},
		{name: "identity only", values: []string{"identity"}, want: []string{}},
		{name: "identity preferred", values: []string{"gzip;q=0.5, identity"}, want: []string{}},
		{name: "identity tie goes to the coding", values: []string{"gzip, identity"}, want: []string{"gzip"}},
		{name: "unweighed identity loses", values: []string{"gzip;q=0.5"}, want: []string{"gzip"}},
		{name: "identity weighed lower", values: []string{"identity;q=0.1, gzip, br;q=0.05"}, want: []string{"gzip"}},
		{name: "identity refused", values: []string{"identity;q=0, gzip;q=0.1"}, want: []string{"gzip"}},
		{name: "x-gzip alias", values: []string{"x-gzip"}, want: []string{"gzip"}},
		{name: "case-insensitive", values: []string{"GZIP;Q=1, Identity;q=0.5"}, want: []string{"gzip"}},
		{name: "offered case-insensitive", values: []string{"gzip"}, offered: []string{"GZip"}, want: []string{"GZip"}},
		{name: "spaces", values: []string{" gzip ; q = 0.4 ,\tbr;q=0.3 "}, want: []string{"gzip", "br"}},
		{name: "named twice takes the highest", values: []string{"gzip;q=0.2, x-gzip;q=0.7, br;q=0.5"}, want: []string{"gzip", "br"}},
		{name: "other parameters skipped", values: []string{"zstd;level=3;q=0.5, br;Q=0.50"}, want: []string{"br", "zstd"}},
		{name: "malformed q ignored", values: []string{"br;q=abc, gzip"}, want: []string{"gzip"}},
		{name: "malformed all", values: []string{"br;q=abc, gzip;q=2, deflate"}, want: []string{}},
		{name: "q out of range ignored", values: []string{"br;q=2, gzip"}, want: []string{"gzip"}},
		{name: "three-decimal q", values: []string{"gzip;q=0.001"}, want: []string{"gzip"}},
		{name: "three decimals order", values: []string{"zstd;q=0.001, br;q=0.002"}, want: []string{"br", "zstd"}},
		{name: "q=1.000", values: []string{"br;q=0.9, gzip;q=1.000"}, want: []string{"gzip", "br"}},
		{name: "q=1.", values: []string{"br;q=0.9, gzip;q=1."}, want: []string{"gzip", "br"}},
		{name: "four-decimal q ignored", values: []string{"br;q=0.0001"}, want: []string{}},
		{name: "NaN q ignored", values: []string{"br;q=NaN, gzip;q=0.5"}, want: []string{"gzip"}},
		{name: "exponent q ignored", values: []string{"br;q=1e0, gzip;q=0.5"}, want: []string{"gzip"}},
		{name: "hex q ignored", values: []string{"br;q=0x1p-1, gzip;q=0.5"}, want: []string{"gzip"}},
		{name: "q above 1 with decimals ignored", values: []string{"br;q=1.5, gzip;q=0.5"}, want: []string{"gzip"}},
		{name: "q without leading digit ignored", values: []string{"br;q=.9, gzip;q=0.5"}, want: []string{"gzip"}},
		{name: "empty q ignored", values: []string{"br;q=, gzip;q=0.5"}, want: []string{"gzip"}},
		{name: "empty elements", values: []string{";;,,;q=, gzip"}, want: []string{"gzip"}},
		{name: "several lines", values: []string{"gzip;q=0.5", "br"}, want: []string{"br", "gzip"}},
		{name: "offered subset", values: []string{"br, gzip"}, offered: []string{"gzip"}, want: []string{"gzip"}},
		{name: "offered none of the accepted", values: []string{"br"}, offered: []string{"gzip", "zstd"}, want: []string{}},
		{name: "offered order", values: []string{"br, gzip, zstd"}, offered: []string{"zstd", "gzip", "br"}, want: []string{"zstd", "gzip", "br"}},
		{name: "nothing offered", values: []string{"*"}, offered: []string{}, want: []string{}},
		{
			name:    "more than eight offered",
			values:  []string{"c9;q=0.9, c1;q=0.1, *;q=0.5"},
			offered: []string{"c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"},
			want:    []string{"c9", "c2", "c3", "c4", "c5", "c6", "c7", "c8"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			offered := tc.offered
			if offered == nil {
				offered = server
			}
			assert.Equal(t, tc.want, names(offered, accept.Encodings(nil, tc.values, offered)))
		})
	}
}

func TestEncodingsAppendsToDst(t *testing.T) {
	dst := []int{7}
	got := accept.Encodings(dst, []string{"gzip;q=0.5, br"}, []string{"br", "gzip"})
	assert.Equal(t, []int{7, 0, 1}, got, "what dst held stays first, and is not sorted with the rest")
}

func TestEncodingsAllocatesNothing(t *testing.T) {
	offered := []string{"br", "zstd", "gzip"}
	for _, values := range [][]string{
		{"gzip, deflate, br, zstd"},
		{"br;q=0.5, gzip;q=0.9, *;q=0.1, identity;q=0.2"},
		{"gzip;q=0.5", "X-GZIP;Q=0.7", "br"},
	} {
		allocs := testing.AllocsPerRun(100, func() {
			var buf [3]int
			if len(accept.Encodings(buf[:0], values, offered)) == 0 {
				panic("nothing accepted from " + strings.Join(values, ", "))
			}
		})
		assert.Zero(t, allocs, "Accept-Encoding %q", values)
	}
}
