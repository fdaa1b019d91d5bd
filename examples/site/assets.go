package main

import (
	"embed"

	"github.com/iron-go/iron/ext/static"
)

// staticFiles are the stylesheet, the script and the icon, built into the
// binary so that the site runs from any directory and every instance serves
// the same bytes. Their names start with "static/", as their URLs do: the
// route /static/*path hands the request path to them as it is.
//
//go:embed static
var staticFiles embed.FS

// newAssets serves staticFiles (GET /static/...) with ext/static: a content
// type, a strong ETag (the file's SHA-256, computed once at start-up, the
// same on every instance), 304s and ranges. Compression is the compress
// middleware's: there are no precompressed siblings to look for.
//
// Pages link each file with its version in the query (assetURL:
// /static/app.js?v=1f2e…). A request for the current version may be cached
// for a year: a new release changes the version, hence the URL. Any other
// request (no version, or the version of another release, as a page from an
// instance not yet restarted asks for during a rolling restart) must be
// revalidated, which the ETag makes cheap (304).
func newAssets() (*static.FS, error) {
	return static.NewFS(staticFiles,
		static.Versioned("v"),
		static.CacheControl("no-cache"), // use it, but ask first
		static.Precompressed(false))
}

// assetURL returns the function pages call as "asset": the versioned URL of
// a file of static/ ("app.js"). A name that is not there fails the page's
// rendering, which the first test of the page catches.
func assetURL(files *static.FS) func(name string) (string, error) {
	return func(name string) (string, error) {
		v, err := files.Version("static/" + name)
		if err != nil {
			return "", err
		}
		return "/static/" + name + "?v=" + v, nil
	}
}
