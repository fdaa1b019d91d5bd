package compress

import (
	"slices"
	"strings"
	"testing"
)

// FuzzNegotiate checks the Accept-Encoding parser on any input: it never
// panics, chooses only an offered coding, chooses none that the header
// does not name (directly, as x-gzip, or through "*"), and never one the
// header refuses with its only entry.
func FuzzNegotiate(f *testing.F) {
	for _, seed := range []string{
		"", "gzip", "br;q=0.5, gzip;q=0.9", "*;q=0", "identity;q=0, *", "x-gzip", "GZIP;Q=1",
		"br;q=abc, zstd", "gzip;q=1.0001", ";;,,;q=", "zstd;q=0.001, br;q=0.0001", "gzip;foo=bar;q=0.3",
	} {
		f.Add(seed)
	}
	codings := []*coding{{name: "br"}, {name: "zstd"}, {name: "gzip"}}
	f.Fuzz(func(t *testing.T, accept string) {
		got := negotiate([]string{accept}, codings)
		if got == nil {
			return
		}
		if !slices.Contains(codings, got) {
			t.Fatalf("negotiate(%q) chose %q, which is not offered", accept, got.name)
		}
		lower := strings.ToLower(accept)
		if !strings.Contains(lower, got.name) && !strings.Contains(lower, "*") {
			t.Fatalf("negotiate(%q) chose %q, which the header does not name", accept, got.name)
		}
		if name, q, ok := parseElement(accept); ok && !strings.Contains(accept, ",") && q == 0 && strings.EqualFold(name, got.name) {
			t.Fatalf("negotiate(%q) chose %q, which the header refuses", accept, got.name)
		}
	})
}
