package template

import (
	"fmt"
	"log/slog"
	"net/http"

	"github.com/iron-go/iron"
)

// Render returns a modifier that renders page name with data as the
// response body, Content-Type text/html unless set. A page that fails to
// render makes the response a plain 500 (see the package doc).
func (t *Templates) Render(name string, data any) iron.Modifier {
	return rendering{t, name, data}
}

type rendering struct {
	t    *Templates
	name string
	data any
}

// Modify renders the page into res.
func (r rendering) Modify(res *iron.Response) {
	body, err := r.t.Execute(r.name, r.data)
	if err != nil {
		l := r.t.logger
		if l == nil {
			l = slog.Default()
		}
		l.Error("template: render failed", "page", r.name, "error", err)
		res.Status = http.StatusInternalServerError
		res.SetHeader("Cache-Control", "no-store")
		res.SetHeader("Content-Type", iron.DefaultContentType)
		res.SetBody(iron.StringBody(http.StatusText(http.StatusInternalServerError)))
		return
	}
	setPage(res, body)
}

// setPage makes body the response's body, as HTML unless the response chose
// a Content-Type.
func setPage(res *iron.Response, body []byte) {
	if !hasContentType(res) {
		iron.TextHTML.Modify(res)
	}
	res.SetBody(iron.BytesBody(body))
}

// hasContentType reports whether res's Content-Type was set, as opposed to
// the default a body would get.
func hasContentType(res *iron.Response) bool {
	if res.Header.Get("Content-Type") != "" {
		return true
	}
	if res.Body().IsZero() {
		return res.ContentType() != ""
	}
	return res.ContentType() != iron.DefaultContentType
}

// view is a page to render, set by a handler with View.
type view struct {
	name string
	data any
}

var viewKey = iron.NewKey[view]("template.view")

// View returns a modifier that names the page a [Templates] linked as an
// after middleware renders into the response, with data. The response
// keeps no other trace of it once rendered.
func View(name string, data any) iron.Modifier {
	return iron.ModifierFunc(func(res *iron.Response) { iron.Set(res, viewKey, view{name, data}) })
}

// After renders the page a handler named with [View] into res, with status
// 200 when none was set. A page that fails to render fails the request
// with an error (a 500 the server logs).
func (t *Templates) After(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
	v, ok := iron.Get(res, viewKey)
	if !ok {
		return res, nil
	}
	body, err := t.Execute(v.name, v.data)
	if err != nil {
		return nil, fmt.Errorf("template: rendering %q: %w", v.name, err)
	}
	iron.Delete(res, viewKey)
	if res.Status == 0 {
		res.Status = http.StatusOK
	}
	setPage(res, body)
	return res, nil
}

// CatchAfter renders the page named with [View] in the response of err (an
// error page), on a copy, and passes the error on with that copy. A page
// that fails to render replaces the error with one that says so and wraps
// both (a 500).
func (t *Templates) CatchAfter(_ *iron.Request, err error) (*iron.Response, error) {
	res := iron.ErrorResponse(err)
	v, ok := iron.Get(res, viewKey)
	if !ok {
		return nil, err
	}
	body, rerr := t.Execute(v.name, v.data)
	if rerr != nil {
		// An Error without a response: a bare 500, though it wraps err,
		// whose own response (unrendered) must not be sent.
		return nil, &iron.Error{Err: fmt.Errorf("template: rendering error page %q: %w (for: %w)", v.name, rerr, err)}
	}
	res = res.Clone()
	iron.Delete(res, viewKey)
	setPage(res, body)
	return nil, &iron.Error{Err: err, Response: res}
}
