package main

import (
	"context"
	"crypto/rand"
	"embed"
	"errors"
	htmltemplate "html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/bodyparser"
	"github.com/iron-go/iron/ext/compress"
	"github.com/iron-go/iron/ext/cookie"
	"github.com/iron-go/iron/ext/csrf"
	"github.com/iron-go/iron/ext/health"
	"github.com/iron-go/iron/ext/logger"
	"github.com/iron-go/iron/ext/params"
	"github.com/iron-go/iron/ext/ratelimit"
	"github.com/iron-go/iron/ext/realip"
	"github.com/iron-go/iron/ext/recovery"
	"github.com/iron-go/iron/ext/requestid"
	"github.com/iron-go/iron/ext/router"
	"github.com/iron-go/iron/ext/secure"
	"github.com/iron-go/iron/ext/session"
	"github.com/iron-go/iron/ext/session/redisstore"
	"github.com/iron-go/iron/ext/static"
	"github.com/iron-go/iron/ext/template"
)

// templateFiles are the pages, built into the binary.
//
//go:embed templates
var templateFiles embed.FS

// Limits of the site's routes.
const (
	maxNoteBytes   = 64 << 10    // a POST /api/notes body; 413 past it
	loginAttempts  = 5           // sign-in attempts per client address
	loginPeriod    = time.Minute // ...in this period
	clockEventPath = "/api/clock"
)

// site is the application: the handler a server runs, and what its handlers
// share. Build it with newSite; close it with close once the server stopped.
type site struct {
	handler iron.Handler
	log     *slog.Logger
	users   userTable
	notes   noteStore
	pages   *template.Templates

	// streams ends when the server begins to shut down, and with it every
	// event stream (see clock), so that the shutdown need not wait for
	// clients that never leave.
	streams     context.Context
	stopStreams context.CancelFunc

	closers []func() error
}

// newSite builds the site for cfg: the state it shares (in Redis, or in this
// process), its routes, and the middleware around them. drain tells /readyz
// when the server is draining. main and the tests both serve what it builds.
func newSite(cfg config, drain health.Drainer) (_ *site, err error) {
	s := &site{log: cfg.log, users: builtinUsers}
	s.streams, s.stopStreams = context.WithCancel(context.Background())
	defer func() {
		if err != nil {
			s.close() // the Redis client, if it was made
		}
	}()

	sh, err := s.sharedState(cfg)
	if err != nil {
		return nil, err
	}

	files, err := newAssets()
	if err != nil {
		return nil, err
	}
	s.pages, err = template.New(templateFiles, "templates/*.html",
		template.Layouts("templates/layouts/*.html"),
		template.Funcs(htmltemplate.FuncMap{"asset": assetURL(files)}),
		template.Logger(s.log))
	if err != nil {
		return nil, err
	}

	s.handler = s.middleware(cfg, s.routes(sh, files, drain), sh.sessions)
	return s, nil
}

// shared is where the state every instance must agree on lives.
type shared struct {
	sessions   *session.Sessions
	loginLimit *ratelimit.RateLimit
	checks     []health.Check // what /readyz checks besides draining
}

// sharedState puts sessions, sign-in counters and notes in Redis when
// cfg.redisAddr is set, so that any instance can serve any request; else
// in this process, with the sessions in an encrypted cookie.
func (s *site) sharedState(cfg config) (shared, error) {
	sessionOpts := []session.Option{
		session.Logger(s.log),
		// Secure cookies when the client used HTTPS, which a trusted
		// proxy that ends TLS says in X-Forwarded-Proto (ext/realip).
		session.Secure(func(req *iron.Request) bool { return realip.Scheme(req) == "https" }),
	}
	limitOpts := []ratelimit.Option{ratelimit.Logger(s.log)}

	if cfg.redisAddr != "" {
		// The application's one Redis client. ContextTimeoutEnabled lets
		// the contexts of the stores bound every call, so that a Redis
		// that stops answering fails requests with a 503 in about a
		// second instead of holding them.
		rdb := redis.NewClient(&redis.Options{
			Addr:                  cfg.redisAddr,
			ContextTimeoutEnabled: true,
			DialTimeout:           time.Second,
			MaxRetries:            1, // once more on a connection Redis closed (a restart)
		})
		s.closers = append(s.closers, rdb.Close)
		s.notes = redisNotes{rdb: rdb}
		s.log.Info("site: sessions, sign-in counters and notes in Redis", "redis", cfg.redisAddr)
		return shared{
			sessions: session.New(redisstore.New(rdb), sessionOpts...),
			loginLimit: ratelimit.New(loginAttempts, loginPeriod, append(limitOpts,
				ratelimit.Redis(rdb, "login"), ratelimit.Timeout(time.Second))...),
			checks: []health.Check{{Name: "redis", Func: func(ctx context.Context) error { return rdb.Ping(ctx).Err() }}},
		}, nil
	}

	secret := cfg.secret
	if secret == "" {
		// Development: a key for this process alone. Every instance must
		// share one key to read each other's session cookies.
		secret = rand.Text() + rand.Text()
		s.log.Warn("site: NO -secret OR $" + secretEnv + ": the session cookie is encrypted with a random key made for this process; " +
			"sessions end when it restarts and OTHER INSTANCES WILL NOT SHARE THEM. Give every instance the same secret (openssl rand -base64 32).")
	}
	keys, err := cookie.DeriveKeys(secret)
	if err != nil {
		return shared{}, err // parseConfig checked it; a generated one is long enough
	}
	s.notes = newMemNotes()
	s.log.Info("site: sessions in an encrypted cookie; sign-in counters and notes in this process (no -redis)")
	return shared{
		sessions:   session.NewCookie(cookie.NewEncrypted(keys), sessionOpts...),
		loginLimit: ratelimit.New(loginAttempts, loginPeriod, limitOpts...),
	}, nil
}

// routes returns the router of every page and API route, with the
// middleware that only some of them need linked on their groups.
func (s *site) routes(sh shared, files *static.FS, drain health.Drainer) *router.Router {
	r := router.New()

	// Pages. Their forms carry the session's CSRF token (csrf.Field), which
	// the token middleware checks on POST; sign-in attempts are counted
	// first, per client address, whether or not the token is right.
	tokens := csrf.New()
	r.Get("/", s.home)
	r.Group("").LinkBefore(sh.loginLimit, tokens).LinkAfter(sh.loginLimit).
		Post("/login", s.login)
	r.Group("").LinkBefore(tokens).Post("/logout", s.logout)

	// The JSON API, called by the page's script. A browser says where a
	// request comes from (Sec-Fetch-Site, Origin): unsafe requests from
	// another site are refused, no token needed.
	api := r.Group("/api").LinkBefore(csrf.NewCrossOrigin())
	api.Get("/clock", s.clock)
	user := api.Group("").LinkBefore(iron.BeforeFunc(requireUser))
	user.Get("/me", s.me)
	notes := user.Group("/notes").LinkBefore(bodyparser.New(bodyparser.MaxBodyBytes(maxNoteBytes)))
	notes.Get("", s.listNotes)
	notes.Post("", s.addNote)
	notes.Get("/:id", s.getNote)
	notes.Delete("/:id", s.deleteNote)
	user.Group("/upload").LinkBefore(params.New(
		params.MaxFileBytes(maxUploadBytes),
		params.MaxFiles(1),
		params.MaxBodyBytes(maxUploadBytes+64<<10), // the file and the form around it
	)).Post("", s.upload)

	// Files, and the probes of a load balancer.
	r.Route(http.MethodGet, "/static/*path", files) // the path names the embedded file: static/...
	r.Get("/healthz", health.Live(health.Logger(s.log)))
	r.Get("/readyz", health.Ready(drain, health.Logger(s.log), health.Checks(sh.checks...)))
	return r
}

// middleware links what every request goes through around the router. The
// order matters, and is the point of this function.
func (s *site) middleware(cfg config, r *router.Router, sessions *session.Sessions) iron.Handler {
	// The X-Request-ID of a request is kept only when it came through a
	// proxy the site trusts (which sets the header); every other request,
	// and every request without -trusted-proxy, gets a new one.
	ids := requestid.New(requestid.Trust(realip.FromTrustedProxy))
	lg := logger.New(logger.Logger(s.log))

	c := chain.New(r)
	c.LinkBefore(
		// First: the client behind the proxies, for the limiter and the
		// log, and whether the request came through one, for ids.
		realip.New(realip.TrustedProxies(cfg.trustedProxies...)),
		ids,      // everything after, the log line included, has the ID
		lg,       // notes when the request started
		sessions, // loaded on first use only
	)
	c.LinkAround(recovery.New(recovery.Logger(s.log))) // a panic is a 500 and a logged stack
	c.LinkAfter(
		sessions,     // saves a changed session, or fails the request with 503
		secure.New(), // security headers on every answer, error pages included
		compress.New(compress.Skip(func(req *iron.Request) bool { return req.Path() == clockEventPath })),
		ids, // echoes X-Request-ID
		lg,  // last: one line per request, with its final status
	)
	return c
}

// close ends the site's event streams and releases what it holds (the Redis
// client). Call it once the server has stopped.
func (s *site) close() error {
	s.stopStreams()
	var errs []error
	for _, c := range s.closers {
		errs = append(errs, c())
	}
	return errors.Join(errs...)
}
