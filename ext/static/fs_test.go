package static_test

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"io/fs"
	"net/http"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/static"
)

// embedded holds the files of testdata/embedded, dot files included, built
// into the test binary as an application builds its assets into its own.
//
//go:embed all:testdata/embedded
var embedded embed.FS

// embeddedFS is testdata/embedded as the root of a file system, as an
// application takes its assets' folder with fs.Sub.
func embeddedFS(t testing.TB) fs.FS {
	t.Helper()
	sub, err := fs.Sub(embedded, "testdata/embedded")
	require.NoError(t, err)
	return sub
}

func newFS(t testing.TB, fsys fs.FS, opts ...static.Option) *static.FS {
	t.Helper()
	s, err := static.NewFS(fsys, opts...)
	require.NoError(t, err)
	return s
}

// strongTag is the ETag NewFS gives content in a file system that never
// changes.
func strongTag(content string) string {
	sum := sha256.Sum256([]byte(content))
	return `"` + hex.EncodeToString(sum[:]) + `"`
}

func TestFSServesEmbeddedFiles(t *testing.T) {
	s := newFS(t, embeddedFS(t))
	for _, tc := range []struct {
		name, method, target string
		headers              []string
		status               int
		body                 string
		header               map[string]string // "" means absent
	}{
		{"file", "GET", "/style.css", nil, 200, "body{}", map[string]string{
			"Content-Type": "text/css; charset=utf-8", "Accept-Ranges": "bytes", "Etag": strongTag("body{}"),
			"Last-Modified": "", "Vary": "Accept-Encoding", "Cache-Control": "", "Content-Encoding": ""}},
		{"root index", "GET", "/", nil, 200, "<h1>home</h1>", map[string]string{"Content-Type": "text/html; charset=utf-8"}},
		{"subdirectory index", "GET", "/docs/", nil, 200, "<h1>docs</h1>", nil},
		{"directory without slash redirects", "GET", "/docs?x=1", nil, 301, "", map[string]string{"Location": "./docs/?x=1"}},
		{"unknown extension is sniffed", "GET", "/README", nil, 200, "plain words, no extension", map[string]string{
			"Content-Type": "text/plain; charset=utf-8"}},
		{"empty file", "GET", "/empty.txt", nil, 200, "", nil},
		{"head", "HEAD", "/app.js", nil, 200, "let a = 1;", map[string]string{"Content-Type": "text/javascript; charset=utf-8"}},
		{"precompressed, its own tag", "GET", "/style.css", []string{"Accept-Encoding: gzip"}, 200, "GZIP-BYTES", map[string]string{
			"Content-Encoding": "gzip", "Etag": strongTag("GZIP-BYTES"), "Content-Type": "text/css; charset=utf-8"}},
		{"brotli preferred", "GET", "/style.css", []string{"Accept-Encoding: gzip, br"}, 200, "BROTLI-BYTES", map[string]string{
			"Content-Encoding": "br", "Etag": strongTag("BROTLI-BYTES")}},
		{"not modified", "GET", "/style.css", []string{"If-None-Match: " + strongTag("body{}")}, 304, "", map[string]string{
			"Etag": strongTag("body{}")}},
		{"not modified by the weak form compress sends", "GET", "/style.css", []string{"If-None-Match: W/" + strongTag("body{}")}, 304, "", nil},
		{"another version's tag", "GET", "/style.css", []string{`If-None-Match: "0000"`}, 200, "body{}", nil},
		{"if-match fails", "GET", "/style.css", []string{`If-Match: "0000"`}, 412, "Precondition Failed", nil},
		{"range", "GET", "/numbers.txt", []string{"Range: bytes=10-14"}, 206, "01234", map[string]string{"Content-Range": "bytes 10-14/100"}},
		{"if-range with the tag", "GET", "/numbers.txt", []string{"Range: bytes=0-1", "If-Range: " + strongTag(numbers)}, 206, "01", nil},
		{"if-range with another tag", "GET", "/numbers.txt", []string{"Range: bytes=0-1", `If-Range: "0000"`}, 200, numbers, nil},
		{"unsatisfiable", "GET", "/numbers.txt", []string{"Range: bytes=100-"}, 416, "Requested Range Not Satisfiable", map[string]string{
			"Content-Range": "bytes */100"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := respond(t, s, request(tc.method, tc.target, tc.headers...))
			assert.Equal(t, tc.status, got.status)
			assert.Equal(t, tc.body, got.body)
			if tc.status == 200 || tc.status == 206 {
				assert.Equal(t, int64(len(tc.body)), got.len, "body length known in advance")
			}
			for name, want := range tc.header {
				assert.Equal(t, want, got.header.Get(name), name)
			}
		})
	}

	t.Run("multiple ranges", func(t *testing.T) {
		got := respond(t, s, request("GET", "/numbers.txt", "Range: bytes=0-1,3-4"))
		assert.Equal(t, 206, got.status)
		assert.Equal(t, int64(len(got.body)), got.len)
		assert.Contains(t, got.header.Get("Content-Type"), "multipart/byteranges; boundary=")
		assert.Contains(t, got.body, "Content-Range: bytes 3-4/100\r\n\r\n34\r\n")
	})
}

func TestFSRefusesAttacks(t *testing.T) {
	s := newFS(t, embeddedFS(t))
	for _, tc := range []struct {
		name, target string
		status       int
		sentinel     error
	}{
		{"dot file", "/.env", 404, static.ErrNotFound},
		{"encoded dot file", "/%2eenv", 404, static.ErrNotFound},
		{"nested dot file", "/docs/.hidden", 404, static.ErrNotFound},
		{"dot-dot", "/../embedded/style.css", 404, static.ErrNotFound},
		{"dot-dot inside", "/docs/../style.css", 404, static.ErrNotFound},
		{"encoded dot-dot", "/%2e%2e/fs_test.go", 404, static.ErrNotFound},
		{"encoded slash after dot-dot", "/docs/..%2f.env", 404, static.ErrNotFound},
		{"backslash dot-dot", "/..%5c..%5cfs_test.go", 404, static.ErrNotFound},
		{"not UTF-8", "/%ff.css", 404, static.ErrNotFound},
		{"NUL byte", "/style.css%00.png", 400, static.ErrBadPath},
		{"malformed escape", "/%zz", 400, static.ErrBadPath},
		{"missing", "/nope.css", 404, static.ErrNotFound},
		{"file with trailing slash", "/style.css/", 404, static.ErrNotFound},
		{"path through a file", "/style.css/x", 404, static.ErrNotFound},
		{"asterisk target", "*", 404, static.ErrNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Handle(request("GET", tc.target))
			assert.ErrorIs(t, err, tc.sentinel)
			got := respond(t, s, request("GET", tc.target))
			assert.Equal(t, tc.status, got.status)
			assert.Equal(t, http.StatusText(tc.status), got.body)
			assert.NotContains(t, got.body, "SECRET")
		})
	}
	t.Run("only GET and HEAD", func(t *testing.T) {
		_, err := s.Handle(request("POST", "/style.css"))
		assert.ErrorIs(t, err, iron.ErrMethodNotAllowed)
		got := respond(t, s, request("DELETE", "/style.css"))
		assert.Equal(t, 405, got.status)
		assert.Equal(t, "GET, HEAD", got.header.Get("Allow"))
	})
	t.Run("dot files when allowed", func(t *testing.T) {
		got := respond(t, newFS(t, embeddedFS(t), static.Dotfiles(true)), request("GET", "/docs/.hidden"))
		assert.Equal(t, 200, got.status)
		assert.Equal(t, "hidden", got.body)
	})
}

// mapFS is a file system of the fixture's plain files (no links, no FIFO),
// each stamped modTime; the root too when rootTime is set.
func mapFS(rootTime bool) fstest.MapFS {
	m := fstest.MapFS{}
	for name, content := range map[string]string{
		"index.html": "<h1>home</h1>", "style.css": "body{}", "style.css.gz": "GZIP-BYTES",
		"numbers.txt": numbers, "docs/index.html": "<h1>docs</h1>", ".env": "TOKEN=" + secret,
	} {
		m[name] = &fstest.MapFile{Data: []byte(content), Mode: 0o644, ModTime: modTime}
	}
	if rootTime {
		m["."] = &fstest.MapFile{Mode: fs.ModeDir | 0o755, ModTime: modTime}
	}
	return m
}

// A file system that may change (its root has a modification time) is read
// as a directory is: validators from each file's time and size, when it is
// served.
func TestFSWithModificationTimes(t *testing.T) {
	fsys := mapFS(true)
	s := newFS(t, fsys)
	first := respond(t, s, request("GET", "/style.css"))
	require.Equal(t, 200, first.status)
	assert.Regexp(t, `^"[0-9a-f]+-[0-9a-f]+"$`, first.header.Get("Etag"), "from time and size, as a Dir's")
	assert.Equal(t, lastModified, first.header.Get("Last-Modified"))
	assert.Equal(t, 304, respond(t, s, request("GET", "/style.css", "If-Modified-Since: "+lastModified)).status)

	// A change is seen on the next request.
	fsys["style.css"] = &fstest.MapFile{Data: []byte("body{color:red}"), Mode: 0o644, ModTime: modTime.Add(time.Minute)}
	next := respond(t, s, request("GET", "/style.css", "If-None-Match: "+first.header.Get("Etag")))
	assert.Equal(t, 200, next.status)
	assert.Equal(t, "body{color:red}", next.body)

	// Files with a time in a file system whose root has none: digests,
	// and Last-Modified too.
	hashed := respond(t, newFS(t, mapFS(false)), request("GET", "/style.css"))
	assert.Equal(t, strongTag("body{}"), hashed.header.Get("Etag"))
	assert.Equal(t, lastModified, hashed.header.Get("Last-Modified"))
}

// sequentialFS hides every way its files have to read at a position: they
// read in order only, as the compressed members of a zip archive do.
type sequentialFS struct{ fs.FS }

type sequentialFile struct{ f fs.File }

func (f sequentialFile) Read(p []byte) (int, error) { return f.f.Read(p) }
func (f sequentialFile) Stat() (fs.FileInfo, error) { return f.f.Stat() }
func (f sequentialFile) Close() error               { return f.f.Close() }

func (s sequentialFS) Open(name string) (fs.File, error) {
	f, err := s.FS.Open(name)
	if err != nil {
		return nil, err
	}
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return f, nil // directories as they are: they list their entries
	}
	return sequentialFile{f}, nil
}

func TestFSWithFilesThatOnlyReadInOrder(t *testing.T) {
	s := newFS(t, sequentialFS{embeddedFS(t)})
	for _, tc := range []struct {
		name, target string
		headers      []string
		body, ctype  string
	}{
		{"sniffed, nothing lost", "/README", nil, "plain words, no extension", "text/plain; charset=utf-8"},
		{"a range is ignored", "/numbers.txt", []string{"Range: bytes=0-9"}, numbers, "text/plain; charset=utf-8"},
		{"precompressed", "/style.css", []string{"Accept-Encoding: gzip"}, "GZIP-BYTES", "text/css; charset=utf-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := respond(t, s, request("GET", tc.target, tc.headers...))
			assert.Equal(t, 200, got.status)
			assert.Equal(t, tc.body, got.body)
			assert.Equal(t, int64(len(tc.body)), got.len)
			assert.Equal(t, tc.ctype, got.header.Get("Content-Type"))
			assert.Empty(t, got.header.Get("Accept-Ranges"), "no ranges offered")
		})
	}
}

// failingFS fails to read one file.
type failingFS struct {
	fs.FS
	name string
}

type failingFile struct{ fs.File }

func (failingFile) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func (f failingFS) Open(name string) (fs.File, error) {
	file, err := f.FS.Open(name)
	if err == nil && name == f.name {
		return failingFile{file}, nil
	}
	return file, err
}

// NewFS reports what it could not read of the file system; a nil file
// system or a bad option value panics, before anything is read.
func TestNewFSErrors(t *testing.T) {
	missing, err := fs.Sub(embedded, "testdata/nope")
	require.NoError(t, err)
	aFile, err := fs.Sub(embedded, "testdata/embedded/style.css")
	require.NoError(t, err)
	for _, tc := range []struct {
		name string
		fsys fs.FS
		want string
	}{
		{"no such folder", missing, "static: NewFS: open .: file does not exist"},
		{"its root is a file", aFile, "static: NewFS: its root is not a directory"},
		{"a file that cannot be read", failingFS{embeddedFS(t), "docs/index.html"}, "static: NewFS: reading docs/index.html: disk on fire"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := static.NewFS(tc.fsys)
			assert.Nil(t, s)
			assert.EqualError(t, err, tc.want)
		})
	}
	assert.PanicsWithError(t, "static: NewFS(nil): a file system is required", func() { _, _ = static.NewFS(nil) })
	assert.PanicsWithError(t, "static: MaxAge(-1s): negative duration", func() { _, _ = static.NewFS(missing, static.MaxAge(-time.Second)) },
		"options are checked before the file system is read")
}

func TestFSServeFile(t *testing.T) {
	s := newFS(t, embeddedFS(t))
	for _, tc := range []struct {
		file   string
		status int
		body   string
	}{
		{"docs/index.html", 200, "<h1>docs</h1>"},
		{"/style.css", 200, "body{}"},
		{"docs", 404, "Not Found"},
		{"../embedded/style.css", 404, "Not Found"},
		{".env", 404, "Not Found"},
	} {
		spa := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) { return s.ServeFile(req, tc.file) })
		got := respond(t, spa, request("GET", "/any/route"))
		assert.Equal(t, tc.status, got.status, tc.file)
		assert.Equal(t, tc.body, got.body, tc.file)
	}
}
