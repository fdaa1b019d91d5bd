package main

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/router"
)

// staticFiles are the stylesheet and the script, built into the binary so
// that the site runs from any directory and every instance serves the same
// bytes.
//
//go:embed static
var staticFiles embed.FS

// assets serves the embedded static files under /static/. ext/static serves
// a directory on disk (with sendfile, ranges and precompressed siblings);
// these few files live in memory, so this small handler does what they need:
// a content type, an ETag, and a cache policy. Compression is the compress
// middleware's.
//
// Pages link each file with its version in the query (assets.URL:
// /static/app.js?v=1f2e…). A request for the current version may be cached
// for a year: a new release changes the version, hence the URL. Any other
// request (no version, or the version of another release, as a page from an
// instance not yet restarted asks for during a rolling restart) must be
// revalidated, which the ETag makes cheap (304).
type assets struct {
	files map[string]asset // by name, "app.js"
}

type asset struct {
	body        []byte
	contentType string
	etag        string // a strong validator: the bytes' SHA-256, quoted
	version     string // the first 12 hex digits of that SHA-256
}

// newAssets reads every file of fsys into memory.
func newAssets(fsys fs.FS) (*assets, error) {
	a := &assets{files: make(map[string]asset)}
	err := fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		digest := hex.EncodeToString(sum[:])
		ctype := mime.TypeByExtension(path.Ext(name))
		if ctype == "" {
			ctype = "application/octet-stream"
		}
		a.files[name] = asset{body: body, contentType: ctype, etag: `"` + digest + `"`, version: digest[:12]}
		return nil
	})
	return a, err
}

// URL returns the versioned URL of the file name, for pages; it panics on a
// name that is not embedded, which the first test of a page catches.
func (a *assets) URL(name string) string {
	f, ok := a.files[name]
	if !ok {
		panic("site: no static file " + name)
	}
	return "/static/" + name + "?v=" + f.version
}

// Handle answers GET and HEAD /static/*path.
func (a *assets) Handle(req *iron.Request) (*iron.Response, error) {
	f, ok := a.files[router.Param(req, "path")]
	if !ok {
		return nil, iron.NewError(iron.ErrNotFound, http.StatusNotFound, "Not Found")
	}
	cache := "no-cache" // use it, but ask first (a 304 when unchanged)
	if req.Query().Get("v") == f.version {
		cache = "public, max-age=31536000, immutable"
	}
	h := http.Header{"Etag": {f.etag}, "Cache-Control": {cache}}
	if etagMatches(req.HeaderValues("If-None-Match"), f.etag) {
		return iron.With(http.StatusNotModified, h), nil
	}
	return iron.With(http.StatusOK, iron.ContentType(f.contentType), h, f.body), nil
}

// etagMatches reports whether an If-None-Match header (its lines, each a
// list) names etag, by the weak comparison RFC 9110 section 13.1.2 asks
// for: the compress middleware sends a compressed answer's tag weakened
// (W/"…"), and the browser sends that back.
func etagMatches(lines []string, etag string) bool {
	for _, line := range lines {
		for tag := range strings.SplitSeq(line, ",") {
			tag = strings.TrimSpace(tag)
			if tag == "*" || strings.TrimPrefix(tag, "W/") == etag {
				return true
			}
		}
	}
	return false
}
