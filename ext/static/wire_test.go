package static_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/ext/mount"
	"github.com/iron-go/iron/ext/static"
	"github.com/iron-go/iron/internal/servetest"
)

// roundTrip writes one request to addr byte for byte, so that no client
// cleans its path first, and reads the response.
func roundTrip(t *testing.T, addr, method, target string, headers ...string) (*http.Response, string) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(5*time.Second)))
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n", method, target)
	for _, h := range headers {
		b.WriteString(h + "\r\n")
	}
	b.WriteString("\r\n")
	_, err = io.WriteString(conn, b.String())
	require.NoError(t, err)
	res, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: method})
	require.NoError(t, err)
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.NoError(t, res.Body.Close())
	return res, string(body)
}

func TestOverRealServers(t *testing.T) {
	for _, srv := range servetest.Both {
		t.Run(srv.Name, func(t *testing.T) {
			d := newDir(t, static.MaxAge(time.Minute))
			overWire(t, srv.Start(t, mount.New().Mount("/", d).Mount("/static", d)))
		})
	}
}

// overWire runs the features and the attacks of the package over a server at
// addr.
func overWire(t *testing.T, addr string) {
	etag := func() string {
		res, _ := roundTrip(t, addr, "GET", "/style.css")
		return res.Header.Get("ETag")
	}()
	require.NotEmpty(t, etag)

	checkOverWire(t, addr, []wireCase{
		{"file", "GET", "/style.css", nil, 200, "body{}", map[string]string{
			"Content-Length": "6", "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=60",
			"Last-Modified": lastModified, "Accept-Ranges": "bytes"}},
		{"head", "HEAD", "/style.css", nil, 200, "", map[string]string{"Content-Length": "6"}},
		{"index", "GET", "/docs/", nil, 200, "<h1>docs</h1>", nil},
		{"redirect", "GET", "/docs", nil, 301, "", map[string]string{"Location": "./docs/"}},
		{"redirect under a mount", "GET", "/static", nil, 301, "", map[string]string{"Location": "./static/"}},
		{"under a mount", "GET", "/static/docs/index.html", nil, 200, "<h1>docs</h1>", nil},
		{"not modified", "GET", "/style.css", []string{"If-None-Match: " + etag}, 304, "", map[string]string{"ETag": etag}},
		{"range", "GET", "/numbers.txt", []string{"Range: bytes=10-14"}, 206, "01234", map[string]string{
			"Content-Range": "bytes 10-14/100", "Content-Length": "5"}},
		{"unsatisfiable", "GET", "/numbers.txt", []string{"Range: bytes=100-"}, 416, "Requested Range Not Satisfiable", map[string]string{
			"Content-Range": "bytes */100", "Cache-Control": ""}},
		{"range of an empty file", "GET", "/empty.txt", []string{"Range: bytes=0-"}, 200, "", map[string]string{
			"Content-Range": "", "Content-Length": "0"}},
		{"huge last-byte-pos", "GET", "/numbers.txt", []string{"Range: bytes=95-123456789012345678901234567890"}, 206, "56789", map[string]string{
			"Content-Range": "bytes 95-99/100"}},
		{"if-modified-since on two lines", "GET", "/style.css", []string{"If-Modified-Since: " + lastModified, "If-Modified-Since: Mon, 01 Jan 2024 00:00:00 GMT"}, 200, "body{}", nil},
		{"precompressed", "GET", "/style.css", []string{"Accept-Encoding: gzip, br"}, 200, "BROTLI-BYTES", map[string]string{
			"Content-Encoding": "br", "Vary": "Accept-Encoding", "Content-Length": "12"}},
		{"head of a precompressed file", "HEAD", "/style.css", []string{"Accept-Encoding: gzip"}, 200, "", map[string]string{
			"Content-Encoding": "gzip", "Content-Length": "10"}},
		{"empty file", "GET", "/empty.txt", nil, 200, "", map[string]string{"Content-Length": "0"}},
		{"method", "DELETE", "/style.css", nil, 405, "Method Not Allowed", map[string]string{"Allow": "GET, HEAD"}},
		{"dot-dot", "GET", "/../outside.txt", nil, 404, "Not Found", nil},
		{"dot-dot under a mount", "GET", "/static/../../outside.txt", nil, 404, "Not Found", nil},
		{"encoded dot-dot", "GET", "/%2e%2e/outside.txt", nil, 404, "Not Found", nil},
		{"encoded slashes", "GET", "/..%2f..%2foutside.txt", nil, 404, "Not Found", nil},
		{"symlink out", "GET", "/link-out", nil, 404, "Not Found", nil},
		{"directory symlink out", "GET", "/dir-out/outside.txt", nil, 404, "Not Found", nil},
		{"NUL", "GET", "/style.css%00.txt", nil, 400, "Bad Request", nil},
		{"dot file", "GET", "/.env", nil, 404, "Not Found", nil},
		{"FIFO", "GET", "/fifo", nil, 404, "Not Found", nil},
		{"absolute-form", "GET", "http://example.com/%2e%2e/outside.txt", nil, 404, "Not Found", nil},
	})

	t.Run("multiple ranges", func(t *testing.T) {
		res, body := roundTrip(t, addr, "GET", "/numbers.txt", "Range: bytes=0-1,3-4")
		assert.Equal(t, 206, res.StatusCode)
		assert.Equal(t, int64(len(body)), res.ContentLength)
		assert.Contains(t, res.Header.Get("Content-Type"), "multipart/byteranges; boundary=")
		assert.Contains(t, body, "Content-Range: bytes 3-4/100\r\n\r\n34\r\n")
	})
}

// TestFSOverRealServers serves an embedded file system on both servers:
// lengths, ranges, validators and precompressed files as a client sees
// them, and nothing hidden or outside.
func TestFSOverRealServers(t *testing.T) {
	for _, srv := range servetest.Both {
		t.Run(srv.Name, func(t *testing.T) {
			files := newFS(t, embeddedFS(t), static.Versioned("v"), static.CacheControl("no-cache"))
			v, err := files.Version("style.css")
			require.NoError(t, err)
			addr := srv.Start(t, mount.New().Mount("/static", files))
			etag := strongTag("body{}")
			checkOverWire(t, addr, []wireCase{
				{"file", "GET", "/static/style.css", nil, 200, "body{}", map[string]string{
					"Content-Length": "6", "Content-Type": "text/css; charset=utf-8", "Etag": etag,
					"Cache-Control": "no-cache", "Last-Modified": "", "Accept-Ranges": "bytes"}},
				{"versioned", "GET", "/static/style.css?v=" + v, nil, 200, "body{}", map[string]string{"Cache-Control": immutable}},
				{"head", "HEAD", "/static/style.css", nil, 200, "", map[string]string{"Content-Length": "6"}},
				{"not modified", "GET", "/static/style.css", []string{"If-None-Match: " + etag}, 304, "", map[string]string{"Etag": etag}},
				{"range", "GET", "/static/numbers.txt", []string{"Range: bytes=10-14"}, 206, "01234", map[string]string{
					"Content-Range": "bytes 10-14/100", "Content-Length": "5"}},
				{"precompressed", "GET", "/static/style.css", []string{"Accept-Encoding: br"}, 200, "BROTLI-BYTES", map[string]string{
					"Content-Encoding": "br", "Content-Length": "12"}},
				{"index", "GET", "/static/docs/", nil, 200, "<h1>docs</h1>", nil},
				{"redirect", "GET", "/static/docs", nil, 301, "", map[string]string{"Location": "./docs/"}},
				{"dot file", "GET", "/static/.env", nil, 404, "Not Found", nil},
				{"encoded dot-dot", "GET", "/static/%2e%2e/fs_test.go", nil, 404, "Not Found", nil},
				{"method", "PUT", "/static/style.css", nil, 405, "Method Not Allowed", map[string]string{"Allow": "GET, HEAD"}},
			})
		})
	}
}

// wireCase is one request over the wire and what its answer must be.
type wireCase struct {
	name, method, target string
	headers              []string
	status               int
	body                 string
	header               map[string]string // "" means absent
}

// checkOverWire sends each case to the server at addr, byte for byte, and
// checks the answer, its Content-Length, and that no secret is in it.
func checkOverWire(t *testing.T, addr string, cases []wireCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, body := roundTrip(t, addr, tc.method, tc.target, tc.headers...)
			assert.Equal(t, tc.status, res.StatusCode)
			assert.Equal(t, tc.body, body)
			assert.NotContains(t, body, "SECRET")
			for name, want := range tc.header {
				assert.Equal(t, want, res.Header.Get(name), name)
			}
			if tc.method != "HEAD" && tc.status != 304 {
				assert.Equal(t, int64(len(body)), res.ContentLength, "Content-Length")
			}
		})
	}
}
