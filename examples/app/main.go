// Command app is the small application of the README and of
// docs/migration.md, where it stands beside the same application written
// for net/http, chi and gin: a JSON API of users under /api, whose admin
// group needs a token, static files under /static, a log line per request,
// panics recovered, and one not-found answer for every 404, whichever part of
// the application produced it (the router, the file server, the mount or a
// handler). It runs on the engine, or under net/http's http.Server with
// -nethttp, and answers the same on both.
//
//	go run ./examples/app            # from the repository root
//
//	curl -s localhost:3000/api/users/1                           # {"id":1,"name":"Ada"}
//	curl -si -d '{"name":"Grace"}' localhost:3000/api/users      # 201, Location: .../api/users/3
//	curl -si localhost:3000/api/admin/stats                      # 401
//	curl -s -H 'Authorization: Bearer demo' localhost:3000/api/admin/stats
//	curl -s localhost:3000/static/hello.txt
//	curl -s localhost:3000/api/users/99 localhost:3000/static/nope localhost:3000/nowhere   # one 404 answer
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"log"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/ext/logger"
	"github.com/iron-go/iron/ext/mount"
	"github.com/iron-go/iron/ext/recovery"
	"github.com/iron-go/iron/ext/router"
	"github.com/iron-go/iron/ext/static"
	"github.com/iron-go/iron/httpadapter"
)

func main() {
	addr := flag.String("addr", "localhost:3000", "address to listen on")
	public := flag.String("public", filepath.Join("examples", "app", "public"), "directory served under /static")
	nethttp := flag.Bool("nethttp", false, "serve with net/http's http.Server instead of the engine")
	flag.Parse()

	app, err := newApp(*public)
	if err != nil {
		log.Fatalf("%v (run from the repository root, or pass -public)", err)
	}
	log.Printf("app: listening on http://%s", *addr)
	if *nethttp {
		srv := &http.Server{Addr: *addr, Handler: httpadapter.Handler(app), ReadHeaderTimeout: 5 * time.Second}
		log.Fatal(srv.ListenAndServe())
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	context.AfterFunc(ctx, stop) // a second Ctrl-C stops at once
	if err := engine.New(app).Run(ctx, *addr); err != nil {
		log.Fatal(err)
	}
}

// newApp assembles the application, with the files of the directory public
// under /static.
func newApp(public string) (iron.Handler, error) {
	db := &users{names: []string{"Ada", "Linus"}}

	api := router.New()
	api.Get("/users/:id", db.show).Named("user")
	api.Post("/users", db.create)
	admin := api.Group("/admin").LinkBefore(iron.BeforeFunc(requireToken))
	admin.Get("/stats", db.stats)

	files, err := static.New(public, static.MaxAge(time.Hour))
	if err != nil {
		return nil, err
	}

	app := mount.New().Mount("/api", api).Mount("/static", files)

	lg := logger.New()
	c := chain.New(app)
	c.LinkBefore(lg)                // first: it times the whole request
	c.LinkAround(recovery.New())    // a panic becomes a 500 and a log line
	c.LinkAfter(notFoundPage{}, lg) // every 404 answered alike, then logged
	return c, nil
}

// users is the application's database, shared by every request: guarded by
// a lock.
type users struct {
	mu    sync.RWMutex
	names []string // the user with id i+1 is names[i]
}

type user struct {
	ID   int    `json:"id"`
	Name string `json:"name"`
}

// show answers GET /api/users/:id.
func (db *users) show(req *iron.Request) (*iron.Response, error) {
	id, err := strconv.Atoi(router.Param(req, "id"))
	db.mu.RLock()
	defer db.mu.RUnlock()
	if err != nil || id < 1 || id > len(db.names) {
		// Wraps the core sentinel, as the router's own 404s do: the
		// not-found page answers it too.
		return nil, iron.NewError(iron.ErrNotFound, http.StatusNotFound)
	}
	return jsonAnswer(http.StatusOK, user{ID: id, Name: db.names[id-1]})
}

// create answers POST /api/users with {"name": "..."}: 201 and the new
// user's URL, built from the route's name.
func (db *users) create(req *iron.Request) (*iron.Response, error) {
	body, err := io.ReadAll(req.Body())
	if err != nil {
		// A body over the server's limit: an *iron.Error that answers 413,
		// on the engine and under http.Server alike.
		return nil, err
	}
	var u user
	if err := json.Unmarshal(body, &u); err != nil || u.Name == "" {
		return nil, iron.NewError(err, http.StatusBadRequest, iron.JSON, `{"error":"send {\"name\": \"...\"}"}`)
	}
	db.mu.Lock()
	db.names = append(db.names, u.Name)
	u.ID = len(db.names)
	db.mu.Unlock()

	loc, err := router.URLFor(req, "user", map[string]string{"id": strconv.Itoa(u.ID)})
	if err != nil {
		return nil, err
	}
	res, err := jsonAnswer(http.StatusCreated, u)
	if res != nil {
		res.SetHeader("Location", loc)
	}
	return res, err
}

// stats answers GET /api/admin/stats, behind requireToken.
func (db *users) stats(*iron.Request) (*iron.Response, error) {
	db.mu.RLock()
	defer db.mu.RUnlock()
	return jsonAnswer(http.StatusOK, map[string]int{"users": len(db.names)})
}

// requireToken is the admin group's before middleware: it runs for the
// group's routes only.
func requireToken(req *iron.Request) error {
	if req.HeaderValue("Authorization") != "Bearer demo" {
		return iron.NewError(nil, http.StatusUnauthorized, iron.JSON,
			http.Header{"WWW-Authenticate": {`Bearer realm="admin"`}}, `{"error":"a token, please"}`)
	}
	return nil
}

func jsonAnswer(status int, v any) (*iron.Response, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return iron.With(status, iron.JSON, b), nil
}

// notFoundPage answers every not-found error with the same JSON, whichever
// package produced it: router, static and mount 404s, and the handlers'
// own, all wrap iron.ErrNotFound. Other errors pass on.
type notFoundPage struct{}

func (notFoundPage) After(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
	return res, nil
}

func (notFoundPage) CatchAfter(req *iron.Request, err error) (*iron.Response, error) {
	if !errors.Is(err, iron.ErrNotFound) {
		return nil, err
	}
	return jsonAnswer(http.StatusNotFound, map[string]string{"error": "nothing at " + req.EscapedPath()})
}
