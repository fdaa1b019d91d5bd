package template_test

import (
	"bytes"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/template"
)

func file(s string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte(s), ModTime: time.Unix(1, 0)}
}

var pages = fstest.MapFS{
	"views/layouts/base.html": file(`<title>{{block "title" .}}Site{{end}}</title><main>{{block "content" .}}empty{{end}}</main>`),
	"views/hello.html":        file(`{{template "base.html" .}}{{define "content"}}Hello, {{.}}!{{end}}`),
	"views/titled.html":       file(`{{template "base.html" .}}{{define "title"}}T{{end}}`),
	"views/plain.html":        file(`<p>{{.}}</p>`),
	"views/fails.html":        file(`<p>before</p>{{call .}}<p>after</p>`),
	"views/upper.html":        file(`{{shout .}}`),
}

func newPages(t *testing.T, opts ...template.Option) *template.Templates {
	t.Helper()
	opts = append([]template.Option{
		template.Layouts("views/layouts/*.html"),
		template.Funcs(htmltemplate.FuncMap{"shout": strings.ToUpper}),
	}, opts...)
	tm, err := template.New(pages, "views/*.html", opts...)
	require.NoError(t, err)
	return tm
}

func body(t *testing.T, res *iron.Response) string {
	t.Helper()
	b, ok := res.Body().Bytes()
	if !ok {
		s, _ := res.Body().Text()
		return s
	}
	return string(b)
}

func failing() (string, error) { return "", errors.New("the database is gone") }

func TestRender(t *testing.T) {
	tm := newPages(t)
	assert.Equal(t, []string{"fails.html", "hello.html", "plain.html", "titled.html", "upper.html"}, tm.Names())
	for _, tc := range []struct {
		name, page string
		data       any
		want       string
	}{
		{"layout block filled", "hello.html", "<b>you</b>", `<title>Site</title><main>Hello, &lt;b&gt;you&lt;/b&gt;!</main>`},
		{"layout default kept", "titled.html", nil, `<title>T</title><main>empty</main>`},
		{"no layout", "plain.html", "x", `<p>x</p>`},
		{"funcs", "upper.html", "hi", `HI`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := iron.With(http.StatusOK, tm.Render(tc.page, tc.data))
			assert.Equal(t, 200, res.StatusCode())
			assert.Equal(t, "text/html; charset=utf-8", res.ContentType())
			assert.Equal(t, tc.want, body(t, res))
			assert.Equal(t, int64(len(tc.want)), res.Body().Len(), "a known length: no chunking")
		})
	}

	t.Run("a Content-Type set earlier is kept", func(t *testing.T) {
		res := iron.With(iron.ContentType("application/xhtml+xml"), tm.Render("plain.html", "x"))
		assert.Equal(t, "application/xhtml+xml", res.ContentType())
	})
}

func TestRenderFailures(t *testing.T) {
	var logs bytes.Buffer
	tm := newPages(t, template.Logger(slog.New(slog.NewTextHandler(&logs, nil))))
	for _, tc := range []struct {
		name, page string
		data       any
		wantLog    string
	}{
		{"execution error after output", "fails.html", failing, "the database is gone"},
		{"unknown page", "nope.html", nil, "template: no such page"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			logs.Reset()
			res := iron.With(http.StatusOK, http.Header{"Cache-Control": {"public, max-age=3600"}}, tm.Render(tc.page, tc.data))
			assert.Equal(t, 500, res.StatusCode())
			assert.Equal(t, "Internal Server Error", body(t, res), "no half page")
			assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
			assert.Equal(t, iron.DefaultContentType, res.ContentType())
			assert.Contains(t, logs.String(), tc.wantLog)
		})
	}
	_, err := tm.Execute("nope.html", nil)
	assert.ErrorIs(t, err, template.ErrNoPage)
}

func TestAfterRendersAView(t *testing.T) {
	tm := newPages(t)
	for _, tc := range []struct {
		name       string
		handler    iron.HandlerFunc
		wantStatus int
		wantBody   string
		wantErr    string
	}{
		{"view", func(*iron.Request) (*iron.Response, error) {
			return iron.With(template.View("hello.html", "alice")), nil
		}, 200, `<title>Site</title><main>Hello, alice!</main>`, ""},
		{"view with status", func(*iron.Request) (*iron.Response, error) {
			return iron.With(http.StatusCreated, template.View("plain.html", "made")), nil
		}, 201, `<p>made</p>`, ""},
		{"no view: untouched", func(*iron.Request) (*iron.Response, error) {
			return iron.With(http.StatusOK, "text"), nil
		}, 200, "text", ""},
		{"error page", func(*iron.Request) (*iron.Response, error) {
			return nil, iron.NewError(errors.New("wrong password"), http.StatusUnauthorized, template.View("plain.html", "try again"))
		}, 401, `<p>try again</p>`, "wrong password"},
		{"view that fails", func(*iron.Request) (*iron.Response, error) {
			return iron.With(template.View("fails.html", failing)), nil
		}, 500, "Internal Server Error", "the database is gone"},
		{"error page that fails", func(*iron.Request) (*iron.Response, error) {
			return nil, iron.NewError(errors.New("wrong password"), http.StatusUnauthorized, template.View("nope.html", nil))
		}, 500, "Internal Server Error", "wrong password"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := chain.New(tc.handler).Link(tm).Handle(iron.NewRequest("GET", "/", nil))
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				res = iron.ErrorResponse(err)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tc.wantStatus, res.StatusCode())
			assert.Equal(t, tc.wantBody, body(t, res))
			if tc.wantStatus != 500 && strings.HasPrefix(tc.wantBody, "<") {
				assert.Equal(t, "text/html; charset=utf-8", res.ContentType())
			}
		})
	}

	t.Run("the error keeps what it wraps and its response is not changed", func(t *testing.T) {
		wrong := errors.New("wrong password")
		shared := iron.NewError(wrong, http.StatusUnauthorized, template.View("plain.html", "again"))
		h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return nil, shared })
		_, err := chain.New(h).Link(tm).Handle(iron.NewRequest("GET", "/", nil))
		assert.ErrorIs(t, err, wrong)
		assert.True(t, shared.Response.Body().IsZero(), "the shared response was not rendered into")
	})
}

func TestNewErrors(t *testing.T) {
	for _, tc := range []struct {
		name    string
		fsys    fstest.MapFS
		pattern string
		opts    []template.Option
		want    string
	}{
		{"nothing matches", fstest.MapFS{"a.txt": file("x")}, "*.html", nil, `template: no page matches "*.html"`},
		{"malformed pattern", fstest.MapFS{"a.html": file("x")}, "[", nil, `template: pattern "["`},
		{"parse error", fstest.MapFS{"bad.html": file("{{if}}")}, "*.html", nil, "template: bad.html:"},
		{"layout parse error", fstest.MapFS{"a.html": file("x"), "l/x.html": file("{{end}}")}, "*.html", []template.Option{template.Layouts("l/*.html")}, "template: l/x.html:"},
		{"two pages, one name", fstest.MapFS{"a/p.html": file("1"), "b/p.html": file("2")}, "*/p.html", nil, `template: two pages named "p.html"`},
		{"unknown function", fstest.MapFS{"a.html": file("{{nope}}")}, "*.html", nil, `function "nope" not defined`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tm, err := template.New(tc.fsys, tc.pattern, tc.opts...)
			assert.Nil(t, tm)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestNewPanics(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func()
		msg  string
	}{
		{"nil fs", func() { _, _ = template.New(nil, "*.html") }, "template: New(nil"},
		{"bad layout pattern", func() { _, _ = template.New(pages, "views/*.html", template.Layouts("[")) }, `template: Layouts("[")`},
		{"nil func", func() {
			_, _ = template.New(pages, "views/*.html", template.Funcs(htmltemplate.FuncMap{"f": nil}))
		}, `template: Funcs: "f" is nil`},
		{"nil logger", func() { _, _ = template.New(pages, "views/*.html", template.Logger(nil)) }, "template: Logger(nil)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				p := recover()
				require.NotNil(t, p)
				assert.Contains(t, p.(error).Error(), tc.msg)
			}()
			tc.fn()
		})
	}
}

func write(t *testing.T, dir, name, content string, mtime time.Time) {
	t.Helper()
	// Written aside and renamed into place, as editors save, so that a
	// concurrent reload never reads a half-written file.
	p := filepath.Join(dir, name)
	tmp := filepath.Join(dir, ".tmp-"+name)
	require.NoError(t, os.WriteFile(tmp, []byte(content), 0o644))
	require.NoError(t, os.Chtimes(tmp, mtime, mtime))
	require.NoError(t, os.Rename(tmp, p))
}

func TestReload(t *testing.T) {
	dir := t.TempDir()
	t0 := time.Now().Add(-time.Hour)
	write(t, dir, "page.html", "v1 {{.}}", t0)

	live, err := template.New(os.DirFS(dir), "*.html", template.Reload(true))
	require.NoError(t, err)
	frozen, err := template.New(os.DirFS(dir), "*.html")
	require.NoError(t, err)
	render := func(tm *template.Templates) (string, error) {
		b, err := tm.Execute("page.html", "x")
		return string(b), err
	}

	write(t, dir, "page.html", "v2 {{.}}", t0.Add(time.Second)) // same size, newer
	got, err := render(live)
	require.NoError(t, err)
	assert.Equal(t, "v2 x", got)
	got, _ = render(frozen)
	assert.Equal(t, "v1 x", got, "reloading is off by default")

	write(t, dir, "new.html", "new", t0)
	assert.NotContains(t, live.Names(), "new.html", "not before a render")
	_, err = live.Execute("new.html", nil)
	assert.NoError(t, err, "a file added is found")

	write(t, dir, "page.html", "v3 {{.", t0.Add(2*time.Second))
	_, err = render(live)
	assert.ErrorContains(t, err, "page.html", "a broken file fails renders")
	_, err = render(live)
	assert.Error(t, err, "and keeps failing until fixed")

	write(t, dir, "page.html", "v4 {{.}}", t0.Add(3*time.Second))
	got, err = render(live)
	require.NoError(t, err)
	assert.Equal(t, "v4 x", got)
}

func TestConcurrentRendersWhileReloading(t *testing.T) {
	dir := t.TempDir()
	t0 := time.Now().Add(-time.Hour)
	write(t, dir, "page.html", "0", t0)
	tm, err := template.New(os.DirFS(dir), "*.html", template.Reload(true))
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 50 {
				b, err := tm.Execute("page.html", nil)
				if err == nil && len(b) == 0 {
					t.Error("an empty page")
				}
			}
		})
	}
	for i := range 20 {
		write(t, dir, "page.html", fmt.Sprint(i), t0.Add(time.Duration(i)*time.Second))
	}
	wg.Wait()
}
