package static_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/ext/static"
	"github.com/iron-go/iron/irontest"
)

// BenchmarkDir measures what serving a file costs before its bytes are
// written: the file system calls, the headers and the response.
func BenchmarkDir(b *testing.B) {
	d, err := static.New(fixture(b))
	require.NoError(b, err)
	defer d.Close()
	for _, bc := range []struct {
		name, target string
		headers      []string
	}{
		{"file", "/style.css", nil},
		{"index", "/docs/", nil},
		{"precompressed", "/style.css", []string{"Accept-Encoding: gzip, deflate, br, zstd"}},
		{"not modified", "/style.css", []string{"If-Modified-Since: " + lastModified}},
		{"range", "/numbers.txt", []string{"Range: bytes=10-19"}},
		{"not found", "/nope.css", nil},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req := request(http.MethodGet, bc.target, bc.headers...)
			b.ReportAllocs()
			for b.Loop() {
				res := irontest.Do(d, req)
				res.Body().Close()
			}
		})
	}
}
