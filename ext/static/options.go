package static

import (
	"errors"
	"fmt"
	"mime"
	"strconv"
	"strings"
	"time"

	"github.com/iron-go/iron/internal/httpheader"
)

// Option configures a [Dir], a [File] or an [FS]. [New], [NewFile] and
// [NewFS] check every option before they open or read anything: a bad value
// panics there, with an error that names the option and the value
// (CONTRIBUTING.md's convention). Only opening the directory or file, or
// reading the file system, is reported as an error.
type Option func(*config)

// config is what the options set; the zero value is not the default, see
// defaultConfig.
type config struct {
	index         []string
	cacheControl  string
	precompressed bool
	dotfiles      bool
	types         map[string]string // lower-case extension, with its dot
	versionParam  string            // the query parameter of Versioned; "" when off
}

func defaultConfig() config {
	return config{index: []string{"index.html"}, precompressed: true}
}

// newConfig applies opts to the defaults, skipping nil ones; a bad value
// panics.
func newConfig(opts []Option) config {
	cfg := defaultConfig()
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	return cfg
}

// MaxAge makes responses say they may be cached for d, with
// "Cache-Control: public, max-age=<seconds>"; d is truncated to whole
// seconds, and a negative d panics in [New]. Without MaxAge or
// [CacheControl] no Cache-Control is sent, and caches fall back on
// revalidation with the ETag and Last-Modified every response carries.
// Only the file's own answers (200, 206, 304) carry it: a 412 or a 416
// does not.
func MaxAge(d time.Duration) Option {
	return func(c *config) {
		if d < 0 {
			panic(fmt.Errorf("static: MaxAge(%v): negative duration", d))
		}
		c.cacheControl = "public, max-age=" + strconv.FormatInt(int64(d/time.Second), 10)
	}
}

// CacheControl sets the Cache-Control header of every response verbatim,
// for policies MaxAge does not express ("no-cache", or
// "public, max-age=31536000, immutable" for fingerprinted assets), on the
// same answers as [MaxAge]. An empty value sends none.
func CacheControl(value string) Option {
	return func(c *config) {
		if !httpheader.ValidFieldValue(value) {
			panic(fmt.Errorf("static: CacheControl(%q): control character in header value", value))
		}
		c.cacheControl = value
	}
}

// Index sets the names of the files served for a directory, tried in order
// (the default is "index.html"). Index() with no names serves no index: a
// directory is then a 404. Names are plain file names, without slashes.
func Index(names ...string) Option {
	return func(c *config) {
		for _, n := range names {
			if n == "" || n == "." || n == ".." || strings.ContainsAny(n, "/\\\x00") {
				panic(fmt.Errorf("static: Index(%q): not a plain file name", n))
			}
		}
		c.index = append([]string(nil), names...)
	}
}

// Precompressed sets whether a file "x" may be answered with a sibling
// "x.br" or "x.gz" compressed ahead of time, when the request's
// Accept-Encoding prefers it (it is on by default). Responses then carry
// "Vary: Accept-Encoding", so that caches keep the variants apart.
func Precompressed(on bool) Option {
	return func(c *config) { c.precompressed = on }
}

// Dotfiles sets whether paths with a segment starting with a dot (".git",
// ".env", ".well-known") are served. They are not by default: such a path is
// a 404, so that a repository or secrets left in the directory stay private.
func Dotfiles(serve bool) Option {
	return func(c *config) { c.dotfiles = serve }
}

// ContentType makes files whose name ends in ext (".md", case-insensitive)
// be sent with the given Content-Type, over any other source: without it,
// the type comes from a short table of the types browsers are strict about
// (.html, .css, .js, .mjs, .wasm, .svg, common images and fonts), then from
// package mime (which the operating system extends), then from the file's
// first bytes.
func ContentType(ext, contentType string) Option {
	return func(c *config) {
		if len(ext) < 2 || ext[0] != '.' || strings.ContainsAny(ext[1:], "./\\\x00") {
			panic(fmt.Errorf("static: ContentType(%q, %q): extension must be a dot and a name", ext, contentType))
		}
		_, _, err := mime.ParseMediaType(contentType)
		if err == nil && !httpheader.ValidFieldValue(contentType) {
			err = errors.New("control character in header value")
		}
		if err != nil {
			panic(fmt.Errorf("static: ContentType(%q, %q): %v", ext, contentType, err))
		}
		if c.types == nil {
			c.types = make(map[string]string)
		}
		c.types[strings.ToLower(ext)] = contentType
	}
}
