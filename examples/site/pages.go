package main

import (
	"html/template"
	"net/http"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/csrf"
	"github.com/iron-go/iron/ext/session"
	"github.com/iron-go/iron/ext/urlencoded"
)

// userKey is the session value that says who signed in. A session key's
// name is what the value is saved under, in the cookie or in Redis: keep it.
var userKey = session.NewKey[string]("user")

// page is what templates/index.html shows.
type page struct {
	User      string        // "" when signed out
	Notes     []Note        // the user's notes
	CSRFField template.HTML // the hidden csrf_token input of the page's forms
	Error     string        // why the last sign-in failed
}

// home answers GET /: the sign-in form, or the user's notes.
func (s *site) home(req *iron.Request) (*iron.Response, error) {
	user, _, err := session.Get(req, userKey)
	if err != nil {
		return nil, err // the session store is down: its 503
	}
	p := page{User: user}
	if user != "" {
		if p.Notes, err = s.notes.List(req.Context(), user); err != nil {
			return nil, storeDown(err)
		}
	}
	return s.render(req, http.StatusOK, p)
}

// login answers POST /login, a form of username, password and csrf_token
// (checked by the csrf middleware before this runs; attempts are counted
// by the rate limiter before that).
func (s *site) login(req *iron.Request) (*iron.Response, error) {
	form, err := urlencoded.Body(req)
	if err != nil {
		return nil, err // 400, 413 or 415, with a body that says why
	}
	name := form.Get("username")
	if !s.users.check(name, form.Get("password")) {
		return s.render(req, http.StatusUnauthorized, page{Error: "Wrong user name or password."})
	}
	// A new session ID on sign-in: an ID someone planted or learnt before
	// is worth nothing now (session fixation), and so is the CSRF token
	// bound to it.
	if err := session.Renew(req); err != nil {
		return nil, err
	}
	if err := session.Set(req, userKey, name); err != nil {
		return nil, err
	}
	// 303: the browser follows with a GET, so a reload does not post the
	// password again.
	return iron.With(http.StatusSeeOther, iron.Redirect("/")), nil
}

// logout answers POST /logout (a form with csrf_token): the session ends.
func (s *site) logout(req *iron.Request) (*iron.Response, error) {
	if err := session.Destroy(req); err != nil {
		return nil, err
	}
	return iron.With(http.StatusSeeOther, iron.Redirect("/")), nil
}

var noStore = http.Header{"Cache-Control": {"no-store"}}

// render answers with the page, its forms carrying the session's CSRF token.
func (s *site) render(req *iron.Request, status int, p page) (*iron.Response, error) {
	field, err := csrf.Field(req)
	if err != nil {
		return nil, err // the session store is down
	}
	p.CSRFField = field
	// The status comes first: a page that fails to render is a 500, and a
	// later status would hide it (see ext/template). No cache may keep a
	// page: it holds the user's notes and a token of their session.
	return iron.With(status, noStore, s.pages.Render("index.html", p)), nil
}
