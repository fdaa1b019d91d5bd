// Command nethttp serves an Iron chain from the standard library's
// http.Server, with net/http's own handlers and middleware inside it:
// net/http/pprof is mounted in the chain with ext/mount, and a logging
// middleware written for net/http wraps the chain's handler.
//
//	go run ./examples/nethttp     # then open http://localhost:3000
//
//	curl -s 'localhost:3000/?name=Gopher'                # Hello, Gopher!
//	curl -s localhost:3000/debug/pprof/                  # pprof's index page
//	go tool pprof 'http://localhost:3000/debug/pprof/profile?seconds=5'
//
// The server stops gracefully on Ctrl-C.
package main

import (
	"context"
	"errors"
	"flag"
	"log"
	"log/slog"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/mount"
	"github.com/iron-go/iron/httpadapter"
)

func main() {
	addr := flag.String("addr", "localhost:3000", "address to listen on")
	flag.Parse()

	srv := &http.Server{
		Addr:              *addr,
		Handler:           httpadapter.Handler(newApp()),
		ReadHeaderTimeout: 5 * time.Second,
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(shutdown); err != nil {
			log.Printf("nethttp: shutdown: %v", err)
		}
	}()

	log.Printf("nethttp: listening on http://%s", *addr)
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}

// newApp is the whole Iron side: a greeting at "/", pprof under
// "/debug/pprof/", and net/http middleware around both.
func newApp() iron.Handler {
	app := mount.New().
		Mount("/", iron.HandlerFunc(hello)).
		Mount("/debug/pprof/", fullPath(httpadapter.FromHTTP(pprofMux())))
	c := chain.New(app)
	c.LinkAround(httpadapter.Around(logRequests))
	return c
}

func hello(req *iron.Request) (*iron.Response, error) {
	if req.EscapedPath() != "/" {
		return iron.With(http.StatusNotFound, "no page at "+req.EscapedPath()+"\n"), nil
	}
	name := req.Query().Get("name")
	if name == "" {
		name = "World"
	}
	return iron.With(http.StatusOK, "Hello, "+name+"!\n"), nil
}

// pprofMux routes net/http/pprof's handlers as the package registers them
// on http.DefaultServeMux, which this server does not serve.
func pprofMux() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// fullPath gives h the path the client asked for rather than the one under
// the mount's prefix: pprof's handlers expect "/debug/pprof/..." in full.
func fullPath(h iron.Handler) iron.Handler {
	return iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		req.SetPath(req.OriginalPath())
		return h.Handle(req)
	})
}

// logRequests is ordinary net/http middleware: it logs each request with the
// status its handler wrote and how long it took.
func logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		slog.InfoContext(r.Context(), "request", "method", r.Method, "path", r.URL.Path,
			"status", rec.status, "took", time.Since(start))
	})
}

// statusRecorder remembers the status a handler writes. Unwrap lets
// http.ResponseController reach the flusher beneath, for pprof's streams.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }
