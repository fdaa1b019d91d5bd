// Command mount puts several handlers under one server with ext/mount: a home
// page at "/", the static example's site under "/static/", one file at
// "/favicon.ico" (and only there: "/favicon.ico/x" is the home page's 404),
// a robots.txt for its path alone, and an API under "/api/" whose versions
// are mounted again, under "/api/v1/" and "/api/v2/". Each handler sees
// paths relative to its prefix and still knows the URL the client asked for.
//
//	go run ./examples/mount     # from the repository root; then open http://localhost:3000
//
//	curl -s localhost:3000/api/v1/users/7   # {"version":"v1","path":"/users/7","prefix":"/api/v1",...}
//	curl -si localhost:3000/static          # 301 to ./static/, relative to the original URL
//	curl -si localhost:3000/api/v3/users    # the API's own 404
package main

import (
	"context"
	"encoding/json"
	"flag"
	"log"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/ext/mount"
	"github.com/iron-go/iron/ext/static"
)

const home = `<!doctype html>
<meta charset="utf-8">
<title>Iron for Go: mount</title>
<link rel="stylesheet" href="/static/css/site.css">
<h1>Mounted handlers</h1>
<ul>
  <li><a href="/static">/static</a>: the static example's site (redirected to /static/)</li>
  <li><a href="/api/v1/users/7">/api/v1/users/7</a> and <a href="/api/v2/users/7">/api/v2/users/7</a>: two API versions</li>
  <li><a href="/api/v3/users/7">/api/v3/users/7</a>: no such version</li>
</ul>
`

func main() {
	addr := flag.String("addr", "localhost:3000", "address to listen on")
	site := flag.String("site", filepath.Join("examples", "static", "public"), "directory served under /static/")
	flag.Parse()

	app, err := newApp(*site)
	if err != nil {
		log.Fatalf("%v (run from the repository root, or pass -site)", err)
	}
	log.Printf("mount: listening on http://%s", *addr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop) // a second Ctrl-C stops at once
	if err := engine.New(app).Run(ctx, *addr); err != nil {
		log.Fatal(err)
	}
}

// newApp mounts every handler of the example, with the static example's site
// in the directory site.
func newApp(site string) (iron.Handler, error) {
	files, err := static.New(site)
	if err != nil {
		return nil, err
	}
	favicon, err := static.NewFile(filepath.Join(site, "img", "logo.svg"))
	if err != nil {
		return nil, err
	}

	// Mounts nest: the API's own mount sees "/v1/users/7" and strips "/v1".
	api := mount.New().
		Mount("/", iron.HandlerFunc(noSuchVersion)).
		Mount("/v1/", version("v1")).
		Mount("/v2/", version("v2"))

	// A static.File serves one file, so Mount mounts it for its own path
	// only; Exact does the same for any handler.
	return mount.New().
		Mount("/", iron.HandlerFunc(homePage)).
		Mount("/static/", files).
		Mount("/favicon.ico", favicon).
		Exact("/robots.txt", iron.HandlerFunc(robots)).
		Mount("/api/", api), nil
}

// robots answers "/robots.txt", and nothing below it.
func robots(*iron.Request) (*iron.Response, error) {
	return iron.With(http.StatusOK, "User-agent: *\nDisallow: /api/\n"), nil
}

// homePage answers "/" and, as the handler at the shortest prefix, every path
// no other mount claims.
func homePage(req *iron.Request) (*iron.Response, error) {
	if req.EscapedPath() != "/" {
		return iron.With(http.StatusNotFound, "no page at "+req.EscapedPath()), nil
	}
	return iron.With(http.StatusOK, iron.TextHTML, home), nil
}

// version returns the handler of one API version. It reports what it sees:
// its own path, the prefix the mounts stripped, and the URL to link back to.
func version(name string) iron.Handler {
	return iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		body, err := json.Marshal(map[string]string{
			"version":  name,
			"path":     req.EscapedPath(),
			"prefix":   mount.Prefix(req),
			"original": mount.OriginalURL(req).String(),
		})
		if err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, iron.JSON, body), nil
	})
}

// noSuchVersion answers the API paths that no version claims.
func noSuchVersion(req *iron.Request) (*iron.Response, error) {
	body, err := json.Marshal(map[string]string{"error": "no API version at " + req.OriginalPath()})
	if err != nil {
		return nil, err
	}
	return iron.With(http.StatusNotFound, iron.JSON, body), nil
}
