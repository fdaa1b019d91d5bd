package accept

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// FuzzEncodings checks the Accept-Encoding parser on any input: it never
// panics, returns each offered coding at most once, none that the header
// does not name (directly, as x-gzip, or through "*"), none that the header
// refuses with its only entry, and weights that never increase.
func FuzzEncodings(f *testing.F) {
	for _, seed := range []string{
		"", "gzip", "br;q=0.5, gzip;q=0.9", "*;q=0", "identity;q=0, *", "x-gzip", "GZIP;Q=1",
		"br;q=abc, zstd", "gzip;q=1.0001", ";;,,;q=", "zstd;q=0.001, br;q=0.0001", "gzip;foo=bar;q=0.3",
	} {
		f.Add(seed)
	}
	offered := []string{"br", "zstd", "gzip"}
	f.Fuzz(func(t *testing.T, header string) {
		got := Encodings(nil, []string{header}, offered)
		lower := strings.ToLower(header)
		seen := map[int]bool{}
		for _, i := range got {
			if i < 0 || i >= len(offered) || seen[i] {
				t.Fatalf("Encodings(%q) = %v: not distinct indexes of offered", header, got)
			}
			seen[i] = true
			name := offered[i]
			if !strings.Contains(lower, name) && !strings.Contains(lower, "*") {
				t.Fatalf("Encodings(%q) chose %q, which the header does not name", header, name)
			}
			if n, q, ok := parseElement(header); ok && !strings.Contains(header, ",") && q == 0 && strings.EqualFold(n, name) {
				t.Fatalf("Encodings(%q) chose %q, which the header refuses", header, name)
			}
		}
		// Split over two lines at a comma outside any quoted-string, the
		// header means the same.
		if before, after, ok := strings.Cut(header, ","); ok && !strings.ContainsRune(before, '"') {
			if split := Encodings(nil, []string{before, after}, offered); !slices.Equal(split, got) {
				t.Fatalf("Encodings(%q) = %v, but %v over two lines", header, got, split)
			}
		}
	})
}

func TestParseQValue(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"0", 0, true}, {"1", 1000, true}, {"0.5", 500, true}, {"0.05", 50, true}, {"0.001", 1, true},
		{"0.", 0, true}, {"1.", 1000, true}, {"1.000", 1000, true}, {"0.999", 999, true},
		{"", 0, false}, {"2", 0, false}, {"1.001", 0, false}, {"1.5", 0, false}, {"0.0001", 0, false},
		{".5", 0, false}, {"NaN", 0, false}, {"1e0", 0, false}, {"0x1p-1", 0, false}, {"-0", 0, false},
		{"+1", 0, false}, {"0,5", 0, false}, {"0.5a", 0, false}, {"00", 0, false},
	} {
		got, ok := parseQValue(tc.in)
		assert.Equal(t, tc.ok, ok, "parseQValue(%q) valid", tc.in)
		assert.Equal(t, tc.want, got, "parseQValue(%q)", tc.in)
	}
}
