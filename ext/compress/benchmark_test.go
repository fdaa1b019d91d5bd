package compress_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/compress"
)

// BenchmarkCompress measures compressing a 4.9 kB HTML body per request,
// headers and body, through the pooled encoders, from a string and from a
// reader (as a file would be).
func BenchmarkCompress(b *testing.B) {
	page := strings.Repeat("<li>Iron is an extensible, concurrent web framework.</li>\n", 84)
	for _, coding := range []string{"identity", "br", "zstd", "gzip"} {
		for _, kind := range []string{"string", "reader"} {
			b.Run(coding+"/"+kind, func(b *testing.B) {
				c := compress.New()
				h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
					if kind == "reader" {
						return iron.With(http.StatusOK, iron.TextHTML, strings.NewReader(page)), nil
					}
					return iron.With(http.StatusOK, iron.TextHTML, page), nil
				})
				ch := chain.New(h).LinkAfter(c)
				req := iron.NewRequest("GET", "/", nil)
				req.Header().Set("Accept-Encoding", coding)
				b.SetBytes(int64(len(page)))
				b.ReportAllocs()
				for b.Loop() {
					res, err := ch.Handle(req)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := res.Body().WriteTo(io.Discard); err != nil {
						b.Fatal(err)
					}
					_ = res.Body().Close()
				}
			})
		}
	}
}
