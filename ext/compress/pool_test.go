package compress

import (
	"io"
	"strings"
	"testing"
)

// BenchmarkEncoder compares compressing a 4.9 kB body with a pooled encoder
// and with a new encoder per response, the cost the pool saves.
func BenchmarkEncoder(b *testing.B) {
	page := []byte(strings.Repeat("<li>Iron is an extensible, concurrent web framework.</li>\n", 84))
	for _, name := range []string{"br", "zstd", "gzip"} {
		level := map[string]int{"br": 4, "zstd": 3, "gzip": 5}[name]
		pooled := newCoding(name, level)
		b.Run(name+"/pooled", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				e := pooled.get(io.Discard)
				_, _ = e.Write(page)
				_ = e.Close()
				pooled.put(e)
			}
		})
		b.Run(name+"/new", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				e := newCoding(name, level).pool.New().(encoder)
				e.Reset(io.Discard)
				_, _ = e.Write(page)
				_ = e.Close()
			}
		})
	}
}
