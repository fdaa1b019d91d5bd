package static_test

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/mount"
	"github.com/iron-go/iron/ext/static"
)

// site writes a tiny site into a temporary directory and returns it.
func site() string {
	dir, err := os.MkdirTemp("", "static-example")
	if err != nil {
		log.Fatal(err)
	}
	for name, content := range map[string]string{
		"index.html":      `<link rel="stylesheet" href="css/site.css"><h1>Hello</h1>`,
		"css/site.css":    "h1 { color: teal }",
		"app/index.html":  "<div id=app></div>",
		"app/favicon.ico": "\x00\x00\x01\x00",
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	return dir
}

// Serving a directory: files by their path, directories by their index, a
// directory without its slash redirected, nothing outside the root.
func Example() {
	dir := site()
	defer os.RemoveAll(dir)

	files, err := static.New(dir, static.MaxAge(time.Hour))
	if err != nil {
		log.Fatal(err)
	}
	defer files.Close()

	for _, target := range []string{"/", "/css/site.css", "/css", "/../etc/passwd", "/%2e%2e/etc/passwd"} {
		res, err := files.Handle(iron.NewRequest(http.MethodGet, target, nil))
		if err != nil {
			res = iron.ErrorResponse(err) // what a server sends for an error
		}
		fmt.Printf("%-20s %d %s%s\n", target, res.StatusCode(), res.ContentType(), res.Header.Get("Location"))
		res.Body().Close()
	}
	// Output:
	// /                    200 text/html; charset=utf-8
	// /css/site.css        200 text/css; charset=utf-8
	// /css                 301 ./css/
	// /../etc/passwd       404 text/plain; charset=utf-8
	// /%2e%2e/etc/passwd   404 text/plain; charset=utf-8
}

// Under a mount, the handler sees the path below the prefix, and redirects
// stay relative to the URL the client sent.
func Example_mount() {
	dir := site()
	defer os.RemoveAll(dir)
	files, err := static.New(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer files.Close()
	app := mount.New().Mount("/assets/", files)

	for _, target := range []string{"/assets", "/assets/css/site.css"} {
		res, err := app.Handle(iron.NewRequest(http.MethodGet, target, nil))
		if err != nil {
			res = iron.ErrorResponse(err) // what a server sends for an error
		}
		fmt.Println(target, res.StatusCode(), res.Header.Get("Location"))
		res.Body().Close()
	}
	// Output:
	// /assets 301 ./assets/
	// /assets/css/site.css 200
}

// A range request for the start of a file.
func Example_range() {
	dir := site()
	defer os.RemoveAll(dir)
	files, err := static.New(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer files.Close()

	req := iron.NewRequest(http.MethodGet, "/css/site.css", nil)
	req.Header().Set("Range", "bytes=0-1")
	res, _ := files.Handle(req)
	defer res.Body().Close()
	fmt.Println(res.StatusCode(), res.Header.Get("Content-Range"), res.Body().Len())
	// Output:
	// 206 bytes 0-1/18 2
}

// One file for one path, wherever it is mounted.
func ExampleNewFile() {
	dir := site()
	defer os.RemoveAll(dir)

	favicon, err := static.NewFile(filepath.Join(dir, "app/favicon.ico"), static.MaxAge(24*time.Hour))
	if err != nil {
		log.Fatal(err)
	}
	defer favicon.Close()

	res, _ := favicon.Handle(iron.NewRequest(http.MethodGet, "/favicon.ico", nil))
	defer res.Body().Close()
	fmt.Println(res.StatusCode(), res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"))
	// Output:
	// 200 image/vnd.microsoft.icon public, max-age=86400
}

// A single-page application: its files where they exist, its index for
// every other path, so that the client-side router takes over.
func ExampleDir_ServeFile() {
	dir := site()
	defer os.RemoveAll(dir)
	files, err := static.New(filepath.Join(dir, "app"))
	if err != nil {
		log.Fatal(err)
	}
	defer files.Close()

	spa := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		res, err := files.Handle(req)
		if errors.Is(err, static.ErrNotFound) {
			return files.ServeFile(req, "index.html")
		}
		return res, err
	})
	for _, target := range []string{"/favicon.ico", "/users/7"} {
		res, _ := spa.Handle(iron.NewRequest(http.MethodGet, target, nil))
		fmt.Println(target, res.StatusCode(), res.Header.Get("Content-Type"))
		res.Body().Close()
	}
	// Output:
	// /favicon.ico 200 image/vnd.microsoft.icon
	// /users/7 200 text/html; charset=utf-8
}

// assets are an application's stylesheets and scripts, built into its
// binary.
//
//go:embed testdata/embedded
var assets embed.FS

// Files built into the binary, served from an embed.FS: each has a strong
// ETag (its content's SHA-256, computed once) and a version for its URL.
// Pages link "/static/style.css?v=" + version, which browsers keep for a
// year; any other URL of the file is revalidated.
func ExampleNewFS() {
	public, err := fs.Sub(assets, "testdata/embedded") // the folder's files at the root
	if err != nil {
		log.Fatal(err)
	}
	files, err := static.NewFS(public, static.Versioned("v"), static.CacheControl("no-cache"))
	if err != nil {
		log.Fatal(err)
	}
	version, err := files.Version("style.css")
	if err != nil {
		log.Fatal(err)
	}
	app := mount.New().Mount("/static/", files)

	for _, target := range []string{"/static/style.css?v=" + version, "/static/style.css", "/static/.env"} {
		res, err := app.Handle(iron.NewRequest(http.MethodGet, target, nil))
		if err != nil {
			res = iron.ErrorResponse(err) // what a server sends for an error
		}
		fmt.Println(res.StatusCode(), res.Header.Get("Cache-Control"))
		res.Body().Close()
	}
	// Output:
	// 200 public, max-age=31536000, immutable
	// 200 no-cache
	// 404
}
