// Command static serves a small site with ext/static: HTML pages, a
// stylesheet with a gzip sibling compressed ahead of time, an SVG and a PNG,
// and the site's own 404 page for any path that names no file.
//
//	go run ./examples/static    # from the repository root; then open http://localhost:3000
//
// Things to try with curl:
//
//	curl -i localhost:3000/docs                                 # 301 to ./docs/
//	curl -sI -H 'Accept-Encoding: gzip' localhost:3000/css/site.css   # Content-Encoding: gzip
//	curl -si -H 'Range: bytes=0-15' localhost:3000/             # 206 Partial Content
//	curl -si --path-as-is localhost:3000/../go.mod              # 404: nothing leaves the root
//	curl -si -X POST localhost:3000/                            # 405, Allow: GET, HEAD
package main

import (
	"context"
	"errors"
	"flag"
	"log"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/ext/static"
)

func main() {
	addr := flag.String("addr", "localhost:3000", "address to listen on")
	root := flag.String("root", filepath.Join("examples", "static", "public"), "directory to serve")
	maxAge := flag.Duration("max-age", 10*time.Minute, "how long browsers may use a file before revalidating it")
	flag.Parse()
	if *maxAge < 0 {
		// Values from flags are checked here, with an error for the user;
		// static.MaxAge would panic on them (CONTRIBUTING.md).
		log.Fatalf("static: -max-age %v: must not be negative", *maxAge)
	}

	site, err := newSite(*root, *maxAge)
	if err != nil {
		log.Fatalf("%v (run from the repository root, or pass -root)", err)
	}
	log.Printf("static: serving %s on http://%s", *root, *addr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop) // a second Ctrl-C stops at once
	if err := engine.New(site).Run(ctx, *addr); err != nil {
		log.Fatal(err)
	}
}

// newSite returns the handler of the site in root: its files, cached by
// browsers for maxAge, and its 404 page for paths that name none.
func newSite(root string, maxAge time.Duration) (iron.Handler, error) {
	files, err := static.New(root, static.MaxAge(maxAge))
	if err != nil {
		return nil, err
	}
	page, err := os.ReadFile(filepath.Join(root, "404.html"))
	if err != nil {
		return nil, err
	}
	c := chain.New(files)
	c.LinkAfter(notFoundPage(page))
	return c, nil
}

// notFoundPage answers every "no such file" of the file server with the
// site's 404 page. It is read once at start-up: one response for every miss,
// with no conditional or range handling that a 404 has no use for.
type notFoundPage []byte

// After passes responses through: only the error path concerns this page.
func (notFoundPage) After(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
	return res, nil
}

// CatchAfter recovers from static.ErrNotFound with the page, and passes
// other errors (a 400 for a malformed path, a 405) on as they are.
func (p notFoundPage) CatchAfter(_ *iron.Request, err error) (*iron.Response, error) {
	if !errors.Is(err, static.ErrNotFound) {
		return nil, err
	}
	return iron.With(http.StatusNotFound, iron.TextHTML, []byte(p)), nil
}
