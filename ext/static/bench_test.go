package static_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/static"
	"github.com/iron-go/iron/irontest"
)

// BenchmarkDir measures what serving a file costs before its bytes are
// written: the file system calls, the headers and the response.
func BenchmarkDir(b *testing.B) {
	d, err := static.New(fixture(b))
	require.NoError(b, err)
	defer d.Close()
	benchmarkServer(b, d)
}

// BenchmarkFS measures the same for an embedded file system, whose ETags
// were computed once by NewFS.
func BenchmarkFS(b *testing.B) {
	benchmarkServer(b, newFS(b, embeddedFS(b)))
}

func benchmarkServer(b *testing.B, h iron.Handler) {
	for _, bc := range []struct {
		name, target string
		headers      []string
	}{
		{"file", "/style.css", nil},
		{"index", "/docs/", nil},
		{"precompressed", "/style.css", []string{"Accept-Encoding: gzip, deflate, br, zstd"}},
		{"not modified", "/style.css", nil}, // If-None-Match with the file's ETag, below
		{"range", "/numbers.txt", []string{"Range: bytes=10-19"}},
		{"not found", "/nope.css", nil},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req := request(http.MethodGet, bc.target, bc.headers...)
			if bc.name == "not modified" {
				req.Header().Set("If-None-Match", respond(b, h, request(http.MethodGet, bc.target)).header.Get("Etag"))
				require.Equal(b, http.StatusNotModified, respond(b, h, req).status)
			}
			b.ReportAllocs()
			for b.Loop() {
				res := irontest.Do(h, req)
				res.Body().Close()
			}
		})
	}
}
