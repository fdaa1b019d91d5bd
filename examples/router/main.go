// Command router shows ext/router: routes by method and pattern with
// :params and a *catch-all, the most specific route winning, 405 with
// Allow, automatic OPTIONS, HEAD served by GET, the trailing-slash
// redirect, a group with its own middleware, links built from route names,
// and a not-found page made by a catcher in the chain around the router.
//
//	go run ./examples/router             # then open http://localhost:3000
//
//	curl -s localhost:3000/users/1                      # {"id":"1","name":"Ada"}
//	curl -s localhost:3000/users/new                    # the literal route beats /users/:id
//	curl -si -d name=Grace localhost:3000/users         # 201, Location built by URLFor
//	curl -si -X DELETE localhost:3000/users/1           # 405, Allow: GET, HEAD, OPTIONS
//	curl -si -X OPTIONS localhost:3000/users            # 204, Allow: GET, HEAD, POST, OPTIONS
//	curl -sI localhost:3000/users/1                     # HEAD: the GET route, no body
//	curl -si localhost:3000/users/1/                    # 308 to /users/1
//	curl -s localhost:3000/files/docs/a%2Fb.txt         # one segment stays one: docs/a/b.txt
//	curl -si localhost:3000/admin/stats                 # 401 from the group's middleware
//	curl -s -H 'Authorization: Bearer demo' localhost:3000/admin/stats
//	curl -si localhost:3000/nowhere                     # the not-found page
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/ext/router"
)

// users is the example's whole database: shared by every request, so
// guarded by a lock.
type users struct {
	mu    sync.RWMutex
	names []string // the user with id i+1 is names[i]
}

func (u *users) get(id string) (string, bool) {
	n, err := strconv.Atoi(id)
	u.mu.RLock()
	defer u.mu.RUnlock()
	if err != nil || n < 1 || n > len(u.names) {
		return "", false
	}
	return u.names[n-1], true
}

func (u *users) add(name string) int {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.names = append(u.names, name)
	return len(u.names)
}

func (u *users) all() []string {
	u.mu.RLock()
	defer u.mu.RUnlock()
	return append([]string(nil), u.names...)
}

func main() {
	addr := flag.String("addr", "localhost:3000", "address to listen on")
	flag.Parse()

	log.Printf("router: listening on http://%s", *addr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop) // a second Ctrl-C stops at once
	if err := engine.New(app(&users{names: []string{"Ada", "Linus"}})).Run(ctx, *addr); err != nil {
		log.Fatal(err)
	}
}

// app is the whole site: the router, in a chain whose after middleware
// answers not-found errors with a page.
func app(db *users) iron.Handler {
	s := &site{db: db}
	// Trailing slashes: 308 redirect, the default. URLFor builds absolute
	// URLs on the Host the client sent; a site reachable under other names
	// than its own adds router.AllowedHosts("example.com") and
	// router.CanonicalOrigin("https://example.com"), so that a forged Host
	// never ends up in a Location.
	r := router.New()

	// Routes take plain functions: here methods of the site, which holds
	// what they share.
	r.Get("/", s.index).Named("home")
	r.Get("/users", s.listUsers).Named("users")
	r.Post("/users", s.createUser)
	r.Get("/users/new", newUserForm)
	r.Get("/users/:id", s.showUser).Named("user")
	r.Get("/files/*path", showFile).Named("file")

	admin := r.Group("/admin").LinkBefore(iron.BeforeFunc(requireToken))
	admin.Get("/stats", s.stats).Named("stats")

	return chain.New(r).Link(notFoundPage{})
}

// site is what the handlers share: the database.
type site struct{ db *users }

// index links to the other routes by name, so that the links follow the
// routes wherever they are mounted.
func (s *site) index(req *iron.Request) (*iron.Response, error) {
	var b strings.Builder
	b.WriteString("<!doctype html>\n<meta charset=\"utf-8\">\n<title>Iron for Go: router</title>\n<h1>Users</h1>\n<ul>\n")
	for i, name := range s.db.all() {
		link(&b, req, "user", map[string]string{"id": strconv.Itoa(i + 1)}, name)
	}
	b.WriteString("</ul>\n<h2>Elsewhere</h2>\n<ul>\n")
	link(&b, req, "users", map[string]string{"format": "json"}, "all users, as JSON")
	link(&b, req, "file", map[string]string{"path": "docs/read me.txt"}, "a file path with a space")
	link(&b, req, "stats", nil, "admin stats (needs a token)")
	b.WriteString("</ul>\n")
	return iron.With(http.StatusOK, iron.TextHTML, b.String()), nil
}

func link(b *strings.Builder, req *iron.Request, route string, params map[string]string, text string) {
	href, err := router.PathFor(req, route, params)
	if err != nil { // a route name or parameter the code got wrong
		log.Printf("router example: %v", err)
		return
	}
	fmt.Fprintf(b, "  <li><a href=\"%s\">%s</a></li>\n", html.EscapeString(href), html.EscapeString(text))
}

func (s *site) listUsers(*iron.Request) (*iron.Response, error) {
	return jsonResponse(http.StatusOK, s.db.all())
}

func (s *site) showUser(req *iron.Request) (*iron.Response, error) {
	id := router.Param(req, "id")
	name, ok := s.db.get(id)
	if !ok {
		// Wraps iron.ErrNotFound, as the router's own 404s do, so the
		// not-found page answers it too.
		return nil, iron.NewError(iron.ErrNotFound, http.StatusNotFound, "no user "+id)
	}
	return jsonResponse(http.StatusOK, map[string]string{"id": id, "name": name})
}

// newUserForm posts to the "users" route by name, so that the form works
// wherever the router is mounted.
func newUserForm(req *iron.Request) (*iron.Response, error) {
	action, err := router.PathFor(req, "users", nil)
	if err != nil {
		return nil, err
	}
	return iron.With(http.StatusOK, iron.TextHTML, `<form method="post" action="`+html.EscapeString(action)+
		`"><input name="name"><button>Add</button></form>`), nil
}

// createUser adds a user from a form and answers 201 with the new user's
// absolute URL, built from the route name: https under TLS, and the right
// prefix under a mount.
func (s *site) createUser(req *iron.Request) (*iron.Response, error) {
	body, err := io.ReadAll(io.LimitReader(req.Body(), 4096))
	if err != nil {
		return nil, iron.NewError(err, http.StatusBadRequest, "unreadable body")
	}
	form, err := url.ParseQuery(string(body))
	name := strings.TrimSpace(form.Get("name"))
	if err != nil || name == "" {
		return nil, iron.NewError(err, http.StatusBadRequest, "a form with a name, please")
	}
	id := s.db.add(name)
	loc, err := router.URLFor(req, "user", map[string]string{"id": strconv.Itoa(id)})
	if err != nil {
		return nil, err
	}
	return iron.With(http.StatusCreated, http.Header{"Location": {loc}}, "created "+loc+"\n"), nil
}

// showFile shows what a *catch-all receives: the rest of the path, decoded.
func showFile(req *iron.Request) (*iron.Response, error) {
	return iron.With(http.StatusOK, "path="+router.Param(req, "path")+"\n"), nil
}

// requireToken is the admin group's before middleware: it runs for the
// group's routes only.
func requireToken(req *iron.Request) error {
	if req.HeaderValue("Authorization") != "Bearer demo" {
		return iron.NewError(nil, http.StatusUnauthorized,
			http.Header{"WWW-Authenticate": {`Bearer realm="admin"`}}, "a token, please\n")
	}
	return nil
}

func (s *site) stats(*iron.Request) (*iron.Response, error) {
	return jsonResponse(http.StatusOK, map[string]int{"users": len(s.db.all())})
}

func jsonResponse(status int, v any) (*iron.Response, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return iron.With(status, iron.JSON, append(b, '\n')), nil
}

// notFoundPage answers every not-found error (the router's, and the
// handlers' own, which wrap the same core sentinel) with a page, as Iron's
// custom_404 example does; it passes every other error on.
type notFoundPage struct{}

func (notFoundPage) After(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
	return res, nil
}

func (notFoundPage) CatchAfter(req *iron.Request, err error) (*iron.Response, error) {
	if !errors.Is(err, iron.ErrNotFound) {
		return nil, err
	}
	page := "<!doctype html>\n<meta charset=\"utf-8\">\n<title>Not found</title>\n<h1>Nothing at " +
		html.EscapeString(req.Path()) + "</h1>\n<p><a href=\"/\">Home</a></p>\n"
	return iron.With(http.StatusNotFound, iron.TextHTML, page), nil
}
