package static_test

import (
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/mount"
	"github.com/iron-go/iron/ext/static"
)

// FuzzPath sends any request path, under a mount, to a directory with dot
// files allowed and to an fs.FS with them hidden, and checks that nothing
// outside the root, nor a hidden dot file, is ever served and that every
// answer is one the package documents.
func FuzzPath(f *testing.F) {
	for _, seed := range []string{
		"/style.css", "/../outside.txt", "/%2e%2e/outside.txt", "/..%2foutside.txt",
		"/link-out", "/dir-out/outside.txt", "/%00", "/docs", "//docs//", "/a%20b.txt",
		"/.%2e/.%2e/outside.txt", "/docs/up/../../outside.txt", "*", "/%c0%ae%c0%ae/outside.txt",
		"/.env", "/%2eenv", "/static/docs/..%2f.env", "/docs/.%2e/.env", "/%ff", "/static/%2e%2e",
	} {
		f.Add(seed)
	}
	root := fixture(f)
	d, err := static.New(root, static.Dotfiles(true))
	require.NoError(f, err)
	defer d.Close()
	dirApp := mount.New().Mount("/", d).Mount("/static", d)

	// In the file system, the secret is outside the served folder and in
	// its dot file.
	sub, err := fs.Sub(fstest.MapFS{
		"outside.txt":          {Data: []byte(secret)},
		"root/.env":            {Data: []byte("TOKEN=" + secret)},
		"root/docs/.env":       {Data: []byte("TOKEN=" + secret)},
		"root/style.css":       {Data: []byte("body{}")},
		"root/index.html":      {Data: []byte("<h1>home</h1>")},
		"root/docs/index.html": {Data: []byte("<h1>docs</h1>")},
	}, "root")
	require.NoError(f, err)
	files, err := static.NewFS(sub)
	require.NoError(f, err)
	fsApp := mount.New().Mount("/", files).Mount("/static", files)

	f.Fuzz(func(t *testing.T, path string) {
		if path == "" || (path[0] != '/' && path != "*") {
			path = "/" + path
		}
		if strings.ContainsAny(path, "?#") {
			return // not part of the path
		}
		for _, app := range []iron.Handler{dirApp, fsApp} {
			got := respond(t, app, iron.NewRequest(http.MethodGet, path, nil))
			if app == fsApp {
				assert.NotContains(t, got.body, "SECRET", "outside the folder, or in a dot file")
			} else {
				// The directory serves its own dot files (".env" holds
				// the word too), never the file outside it.
				assert.NotEqual(t, secret, got.body)
			}
			switch got.status {
			case http.StatusOK, http.StatusNotFound, http.StatusBadRequest:
			case http.StatusMovedPermanently:
				assert.True(t, strings.HasPrefix(got.header.Get("Location"), "./"), got.header.Get("Location"))
			default:
				t.Errorf("GET %q: status %d", path, got.status)
			}
		}
	})
}

// FuzzRange sends any Range header for a file of known content and checks
// the answer against the content: whole, one slice of it, or none; and for
// an empty file, whose every Range is ignored.
func FuzzRange(f *testing.F) {
	for _, seed := range []string{
		"bytes=0-9", "bytes=-5", "bytes=95-", "bytes=100-", "bytes=-0", "bytes=0-1,5-6",
		"bytes=5-1", "bytes=0-99999999999999999999", "BYTES = 1 - 2", "bytes=,,0-0,,", "items=0-1",
		"bytes=99999999999999999999-", "bytes=-99999999999999999999", "bytes=00000000000000000000090-95",
		"bytes=99999999999999999999-99999999999999999998", "bytes=9223372036854775807-9223372036854775808",
	} {
		f.Add(seed)
	}
	d, err := static.New(fixture(f), static.MaxAge(time.Hour))
	require.NoError(f, err)
	defer d.Close()

	f.Fuzz(func(t *testing.T, header string) {
		req := iron.NewRequest(http.MethodGet, "/empty.txt", nil)
		req.Header().Set("Range", header)
		empty := respond(t, d, req)
		assert.Equal(t, http.StatusOK, empty.status, "every Range of an empty file is ignored")
		assert.Empty(t, empty.body)

		req = iron.NewRequest(http.MethodGet, "/numbers.txt", nil)
		req.Header().Set("Range", header)
		got := respond(t, d, req)
		assert.Equal(t, int64(len(got.body)), got.len, "Content-Length matches the body")
		if got.status == http.StatusRequestedRangeNotSatisfiable {
			assert.Empty(t, got.header.Get("Cache-Control"), "a 416 is not cached")
		} else {
			assert.Equal(t, "public, max-age=3600", got.header.Get("Cache-Control"))
		}
		switch got.status {
		case http.StatusOK:
			assert.Equal(t, numbers, got.body)
		case http.StatusRequestedRangeNotSatisfiable:
			assert.Equal(t, "bytes */100", got.header.Get("Content-Range"))
		case http.StatusPartialContent:
			cr := got.header.Get("Content-Range")
			if cr == "" {
				assert.Contains(t, got.header.Get("Content-Type"), "multipart/byteranges")
				return
			}
			first, last, size, err := parseContentRange(cr)
			require.NoError(t, err, cr)
			assert.Equal(t, 100, size)
			require.True(t, 0 <= first && first <= last && last < size, cr)
			assert.Equal(t, numbers[first:last+1], got.body)
		default:
			t.Errorf("Range %q: status %d", header, got.status)
		}
	})
}

// parseContentRange parses "bytes first-last/size".
func parseContentRange(cr string) (first, last, size int, err error) {
	rest, ok := strings.CutPrefix(cr, "bytes ")
	if !ok {
		return 0, 0, 0, strconv.ErrSyntax
	}
	span, total, _ := strings.Cut(rest, "/")
	a, b, _ := strings.Cut(span, "-")
	if first, err = strconv.Atoi(a); err != nil {
		return
	}
	if last, err = strconv.Atoi(b); err != nil {
		return
	}
	size, err = strconv.Atoi(total)
	return
}
