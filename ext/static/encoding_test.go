package static_test

import (
	"mime"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPrecompressedSiblings(t *testing.T) {
	d := newDir(t)
	for _, tc := range []struct {
		name, target, acceptEncoding string
		encoding, body               string
	}{
		{"no accept-encoding", "/style.css", "", "", "body{}"},
		{"gzip", "/style.css", "gzip", "gzip", "GZIP-BYTES"},
		{"brotli", "/style.css", "br", "br", "BROTLI-BYTES"},
		{"tie goes to brotli", "/style.css", "gzip, deflate, br, zstd", "br", "BROTLI-BYTES"},
		{"q-values", "/style.css", "br;q=0.5, gzip;q=0.8", "gzip", "GZIP-BYTES"},
		{"q-values with spaces", "/style.css", "br ; q=0.9 , gzip ; q=1.0", "gzip", "GZIP-BYTES"},
		{"upper case", "/style.css", "GZIP", "gzip", "GZIP-BYTES"},
		{"x-gzip", "/style.css", "x-gzip", "gzip", "GZIP-BYTES"},
		{"refused", "/style.css", "br;q=0, gzip;q=0", "", "body{}"},
		{"star", "/style.css", "*", "br", "BROTLI-BYTES"},
		{"star with one refused", "/style.css", "br;q=0, *", "gzip", "GZIP-BYTES"},
		{"star refused", "/style.css", "*;q=0", "", "body{}"},
		{"identity preferred", "/style.css", "identity, gzip;q=0.5", "", "body{}"},
		{"identity weighed lower", "/style.css", "identity;q=0.1, gzip", "gzip", "GZIP-BYTES"},
		{"malformed q skipped", "/style.css", "br;q=abc, gzip;q=2, deflate", "", "body{}"},
		{"NaN q skipped", "/style.css", "br;q=NaN", "", "body{}"},
		{"best missing, next served", "/app.js", "br, gzip;q=0.5", "gzip", "GZIP-JS"},
		{"only missing ones accepted", "/app.js", "br", "", "let a = 1;"},
		{"none at all", "/index.html", "br, gzip", "", "<h1>home</h1>"},
		{"index has none", "/", "br, gzip", "", "<h1>home</h1>"},
		{"unknown coding", "/style.css", "compress", "", "body{}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := respond(t, d, request("GET", tc.target, "Accept-Encoding: "+tc.acceptEncoding))
			assert.Equal(t, 200, got.status)
			assert.Equal(t, tc.encoding, got.header.Get("Content-Encoding"))
			assert.Equal(t, tc.body, got.body)
			assert.Equal(t, "Accept-Encoding", got.header.Get("Vary"))
			if tc.target == "/style.css" {
				assert.Equal(t, "text/css; charset=utf-8", got.header.Get("Content-Type"), "the type of the file, not of its coding")
			}
		})
	}
}

func TestPrecompressedFilesAreFilesToo(t *testing.T) {
	d := newDir(t)
	got := respond(t, d, request("GET", "/style.css.gz", "Accept-Encoding: gzip"))
	assert.Equal(t, 200, got.status)
	assert.Equal(t, "GZIP-BYTES", got.body)
	assert.Empty(t, got.header.Get("Content-Encoding"), "asked for by name, a .gz is not content-coded")
	assert.Equal(t, mime.TypeByExtension(".gz"), got.header.Get("Content-Type"))
}
