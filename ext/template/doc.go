// Package template renders html/template pages from an fs.FS (an embed.FS
// in production, os.DirFS in development) into Iron responses.
//
// [New] parses the templates once, at start-up, and returns an error when a
// file cannot be read or parsed (rule 3 of CONTRIBUTING: a constructor that
// does I/O). Each file matching the page pattern is a page, named by its
// base name ("index.html"); files matching [Layouts] are parsed into every
// page first, so a page can fill a layout's blocks:
//
//	//go:embed templates
//	var files embed.FS
//
//	tmpl, err := template.New(files, "templates/*.html",
//		template.Layouts("templates/layouts/*.html"))
//
//	// templates/layouts/base.html: <html>…{{block "content" .}}{{end}}…</html>
//	// templates/index.html:        {{template "base.html" .}}
//	//                              {{define "content"}}Hello {{.Name}}{{end}}
//
// Two ways to answer with a page:
//
//   - [Templates.Render] is a response modifier that renders at once:
//     iron.With(http.StatusOK, tmpl.Render("index.html", data)).
//   - [View] is a modifier that only names the page and its data, and the
//     Templates, linked as an after middleware, renders it: Iron's
//     handlebars way. Handlers then need no access to the templates, and an
//     error's response can be a page too
//     (iron.NewError(err, http.StatusUnauthorized, template.View("login.html", data))),
//     rendered by the error path ([Templates.CatchAfter]).
//
// A page is rendered to a pooled buffer first, and becomes the body only
// when it rendered completely: an execution error never sends half a page.
// It is then a 500 — from the after middleware an error the server logs and
// answers with a bare 500; from [Templates.Render], which cannot return an
// error, a plain "Internal Server Error" body with status 500 and
// Cache-Control: no-store, logged through [Logger] (put the status before
// Render in With, so that it cannot override that 500). A rendered page
// costs its output copied once out of the buffer.
//
// Pages are sent as "text/html; charset=utf-8" unless the response set a
// Content-Type.
//
// # Reloading
//
// With [Reload](true) — for development, never the default — every render
// first lists and stats the files of the patterns, and parses them all
// again when a file was added, removed, or changed size or modification
// time. A file that no longer parses makes renders fail (500, with the
// error logged) until it is fixed; the last good templates are kept. An
// embed.FS never changes, so reloading it costs the stats and does nothing.
package template
