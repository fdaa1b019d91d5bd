package static_test

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/irontest"
)

// modTime is the modification time of every fixture file, so that
// Last-Modified is known in advance.
var modTime = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

const (
	lastModified = "Tue, 02 Jan 2024 03:04:05 GMT"
	secret       = "SECRET outside the root"
	numbers      = "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"
)

// fixture builds, in a fresh temporary directory, a root to serve and, next
// to it, a secret file that must never be served. It returns the root.
func fixture(t testing.TB) string {
	t.Helper()
	base := t.TempDir()
	root := filepath.Join(base, "root")
	files := map[string]string{
		"index.html":          "<h1>home</h1>",
		"style.css":           "body{}",
		"style.css.gz":        "GZIP-BYTES",
		"style.css.br":        "BROTLI-BYTES",
		"app.js":              "let a = 1;",
		"app.js.gz":           "GZIP-JS",
		"numbers.txt":         numbers,
		"empty.txt":           "",
		"README":              "plain words, no extension",
		"notes.md":            "# Notes",
		"LOUD.CSS":            "B{}",
		"a b.txt":             "spaced",
		"100%.txt":            "percent",
		"docs/index.html":     "<h1>docs</h1>",
		"docs/default.htm":    "<h1>default</h1>",
		"docs/.hidden":        "hidden",
		"empty/placeholder.x": "",
		".env":                "TOKEN=" + secret,
		".git/config":         "[core]",
		".well-known/x.txt":   "well known",
		"..\\outside.txt":     "backslash name",
	}
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		require.NoError(t, os.Chtimes(p, modTime, modTime))
	}
	require.NoError(t, os.Remove(filepath.Join(root, "empty/placeholder.x")))
	outside := filepath.Join(base, "outside.txt")
	require.NoError(t, os.WriteFile(outside, []byte(secret), 0o644))

	for link, target := range map[string]string{
		"link-in":  "style.css",
		"link-out": "../outside.txt",
		"link-abs": outside,
		"dir-out":  "..",
		"docs/up":  "../docs",
	} {
		require.NoError(t, os.Symlink(target, filepath.Join(root, link)))
	}
	mkfifo(t, filepath.Join(root, "fifo"))
	return root
}

// request returns a request with the given headers ("Name: value").
func request(method, target string, headers ...string) *iron.Request {
	req := iron.NewRequest(method, target, nil)
	for _, h := range headers {
		name, value, _ := strings.Cut(h, ":")
		req.Header().Add(name, strings.TrimSpace(value))
	}
	return req
}

// result is what a client would get for a response or an error.
type result struct {
	status int
	header http.Header
	body   string
	len    int64
}

// respond runs h as a server does and reads the whole body, closing it.
func respond(t testing.TB, h iron.Handler, req *iron.Request) result {
	t.Helper()
	res := irontest.Do(h, req)
	var buf bytes.Buffer
	body := res.Body()
	_, err := body.WriteTo(&buf)
	require.NoError(t, err)
	require.NoError(t, body.Close())
	return result{status: res.StatusCode(), header: res.Header, body: buf.String(), len: body.Len()}
}

// writeFile replaces a fixture file's content and stamps it a minute later.
func writeFile(name, content string) error {
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		return err
	}
	later := modTime.Add(time.Minute)
	return os.Chtimes(name, later, later)
}
