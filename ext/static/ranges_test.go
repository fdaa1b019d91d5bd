package static_test

import (
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/ext/static"
)

func TestRanges(t *testing.T) {
	d := newDir(t)
	etag := respond(t, d, request("GET", "/numbers.txt")).header.Get("ETag")
	require.NotEmpty(t, etag)

	for _, tc := range []struct {
		name, method, target string
		headers              []string
		status               int
		contentRange         string
		body                 string
	}{
		{"first bytes", "GET", "/numbers.txt", []string{"Range: bytes=0-9"}, 206, "bytes 0-9/100", "0123456789"},
		{"open end", "GET", "/numbers.txt", []string{"Range: bytes=95-"}, 206, "bytes 95-99/100", "56789"},
		{"suffix", "GET", "/numbers.txt", []string{"Range: bytes=-3"}, 206, "bytes 97-99/100", "789"},
		{"end past the file is clipped", "GET", "/numbers.txt", []string{"Range: bytes=90-1000"}, 206, "bytes 90-99/100", "0123456789"},
		{"suffix longer than the file", "GET", "/numbers.txt", []string{"Range: bytes=-1000"}, 206, "bytes 0-99/100", numbers},
		{"whitespace and case", "GET", "/numbers.txt", []string{"Range: Bytes = 1-2"}, 206, "bytes 1-2/100", "12"},
		{"one satisfiable of two", "GET", "/numbers.txt", []string{"Range: bytes=500-600, 3-4"}, 206, "bytes 3-4/100", "34"},
		{"start past the end", "GET", "/numbers.txt", []string{"Range: bytes=100-"}, 416, "bytes */100", "Requested Range Not Satisfiable"},
		{"zero suffix", "GET", "/numbers.txt", []string{"Range: bytes=-0"}, 416, "bytes */100", "Requested Range Not Satisfiable"},
		// RFC 9110 section 14.1.2: no range of an empty file is
		// satisfiable, so the Range is ignored and the file sent whole.
		{"empty file ignores a range", "GET", "/empty.txt", []string{"Range: bytes=0-"}, 200, "", ""},
		{"empty file ignores a suffix", "GET", "/empty.txt", []string{"Range: bytes=-5"}, 200, "", ""},
		{"empty file ignores an unsatisfiable range", "GET", "/empty.txt", []string{"Range: bytes=7-9"}, 200, "", ""},
		{"last before first is ignored", "GET", "/numbers.txt", []string{"Range: bytes=5-1"}, 200, "", numbers},
		{"garbage is ignored", "GET", "/numbers.txt", []string{"Range: bytes=abc"}, 200, "", numbers},
		{"negative is ignored", "GET", "/numbers.txt", []string{"Range: bytes=--5"}, 200, "", numbers},
		// Numbers past int64 are still numbers: a huge last-byte-pos or
		// suffix-length means "to the end", a huge first-byte-pos lies past it.
		{"huge last-byte-pos clamps to the end", "GET", "/numbers.txt", []string{"Range: bytes=90-99999999999999999999"}, 206, "bytes 90-99/100", "0123456789"},
		{"huge last-byte-pos, leading zeros", "GET", "/numbers.txt", []string{"Range: bytes=0000000000000000000000090-0000000000000000000000095"}, 206, "bytes 90-95/100", "012345"},
		{"huge suffix-length is the whole file", "GET", "/numbers.txt", []string{"Range: bytes=-99999999999999999999"}, 206, "bytes 0-99/100", numbers},
		{"huge first-byte-pos is unsatisfiable", "GET", "/numbers.txt", []string{"Range: bytes=99999999999999999999-"}, 416, "bytes */100", "Requested Range Not Satisfiable"},
		{"huge first-byte-pos and last-byte-pos", "GET", "/numbers.txt", []string{"Range: bytes=99999999999999999999-999999999999999999999"}, 416, "bytes */100", "Requested Range Not Satisfiable"},
		{"huge last before huger first is ignored", "GET", "/numbers.txt", []string{"Range: bytes=99999999999999999999-99999999999999999998"}, 200, "", numbers},
		{"huge first-byte-pos beside a good range", "GET", "/numbers.txt", []string{"Range: bytes=99999999999999999999-, 1-2"}, 206, "bytes 1-2/100", "12"},
		{"other unit is ignored", "GET", "/numbers.txt", []string{"Range: items=0-1"}, 200, "", numbers},
		{"no ranges is ignored", "GET", "/numbers.txt", []string{"Range: bytes=,"}, 200, "", numbers},
		{"overlaps adding up past the size are ignored", "GET", "/numbers.txt", []string{"Range: bytes=0-99,0-99"}, 200, "", numbers},
		{"too many ranges are ignored", "GET", "/numbers.txt", []string{"Range: bytes=" + strings.Repeat("0-0,", 65)}, 200, "", numbers},
		{"head ignores range", "HEAD", "/numbers.txt", []string{"Range: bytes=0-9"}, 200, "", numbers},
		{"if-range same etag", "GET", "/numbers.txt", []string{"Range: bytes=0-1", "If-Range: " + etag}, 206, "bytes 0-1/100", "01"},
		{"if-range stale etag", "GET", "/numbers.txt", []string{"Range: bytes=0-1", `If-Range: "stale"`}, 200, "", numbers},
		{"if-range weak etag never matches", "GET", "/numbers.txt", []string{"Range: bytes=0-1", "If-Range: W/" + etag}, 200, "", numbers},
		{"if-range same date", "GET", "/numbers.txt", []string{"Range: bytes=0-1", "If-Range: " + lastModified}, 206, "bytes 0-1/100", "01"},
		{"if-range other date", "GET", "/numbers.txt", []string{"Range: bytes=0-1", "If-Range: Mon, 01 Jan 2024 00:00:00 GMT"}, 200, "", numbers},
		{"range of a precompressed variant", "GET", "/style.css", []string{"Range: bytes=0-3", "Accept-Encoding: gzip"}, 206, "bytes 0-3/10", "GZIP"},
		{"if-none-match before range", "GET", "/numbers.txt", []string{"Range: bytes=0-1", "If-None-Match: " + etag}, 304, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := respond(t, d, request(tc.method, tc.target, tc.headers...))
			assert.Equal(t, tc.status, got.status)
			assert.Equal(t, tc.contentRange, got.header.Get("Content-Range"))
			assert.Equal(t, tc.body, got.body)
			assert.Equal(t, int64(len(tc.body)), got.len, "Content-Length matches the body")
			if tc.status == 416 {
				assert.Empty(t, got.header.Get("Content-Encoding"))
			}
		})
	}
}

func TestMultipleRanges(t *testing.T) {
	d := newDir(t)
	got := respond(t, d, request("GET", "/numbers.txt", "Range: bytes=0-1, 10-12,-2"))
	require.Equal(t, 206, got.status)
	assert.Equal(t, int64(len(got.body)), got.len, "Content-Length is known and exact")
	assert.Empty(t, got.header.Get("Content-Range"))

	mediaType, params, err := mime.ParseMediaType(got.header.Get("Content-Type"))
	require.NoError(t, err)
	assert.Equal(t, "multipart/byteranges", mediaType)
	r := multipart.NewReader(strings.NewReader(got.body), params["boundary"])
	type part struct{ contentType, contentRange, body string }
	var parts []part
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		b, err := io.ReadAll(p)
		require.NoError(t, err)
		parts = append(parts, part{p.Header.Get("Content-Type"), p.Header.Get("Content-Range"), string(b)})
	}
	assert.Equal(t, []part{
		{"text/plain; charset=utf-8", "bytes 0-1/100", "01"},
		{"text/plain; charset=utf-8", "bytes 10-12/100", "012"},
		{"text/plain; charset=utf-8", "bytes 98-99/100", "89"},
	}, parts)
}

func TestFileHandler(t *testing.T) {
	root := fixture(t)
	f, err := static.NewFile(root+"/style.css", static.MaxAge(60e9))
	require.NoError(t, err)
	defer f.Close()
	for _, tc := range []struct {
		name, method, target string
		headers              []string
		status               int
		body, encoding       string
	}{
		{"any path", "GET", "/whatever/you/like", nil, 200, "body{}", ""},
		{"attack paths do not matter", "GET", "/../../etc/passwd", nil, 200, "body{}", ""},
		{"head", "HEAD", "/", nil, 200, "body{}", ""},
		{"precompressed", "GET", "/", []string{"Accept-Encoding: gzip, br"}, 200, "BROTLI-BYTES", "br"},
		{"range", "GET", "/", []string{"Range: bytes=1-2"}, 206, "od", ""},
		{"not modified", "GET", "/", []string{"If-Modified-Since: " + lastModified}, 304, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := respond(t, f, request(tc.method, tc.target, tc.headers...))
			assert.Equal(t, tc.status, got.status)
			assert.Equal(t, tc.body, got.body)
			assert.Equal(t, tc.encoding, got.header.Get("Content-Encoding"))
			assert.Equal(t, "public, max-age=60", got.header.Get("Cache-Control"))
			if tc.status != 304 {
				assert.Equal(t, "text/css; charset=utf-8", got.header.Get("Content-Type"))
			}
		})
	}

	require.NoError(t, writeFile(root+"/style.css", "replaced"))
	assert.Equal(t, "replaced", respond(t, f, request("GET", "/")).body, "opened anew for each request")
}

func TestNewFileFailsAtStart(t *testing.T) {
	root := fixture(t)
	for _, tc := range []struct{ name, path, want string }{
		{"missing", root + "/nope.css", `static: NewFile("` + root + `/nope.css"): statat nope.css: no such file or directory`},
		{"directory", root + "/docs", `static: NewFile("` + root + `/docs"): not a regular file`},
		{"missing directory", root + "/nope/x.css", `static: NewFile("` + root + `/nope/x.css"): open ` + root + `/nope/: no such file or directory`},
		{"symlink out", root + "/link-out", `static: NewFile("` + root + `/link-out"): statat link-out: path escapes from parent`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := static.NewFile(tc.path)
			assert.Nil(t, f)
			assert.EqualError(t, err, tc.want)
		})
	}
}
