// Command site is a small notes application that shows Iron's extensions
// working together, as a real site needs them: sign-in with sessions,
// CSRF-protected forms, a JSON API with validated bodies, uploads, a stream
// of server-sent events, embedded static files and templates, security
// headers, rate limits and request logs; and, with -redis, everything shared
// in Redis, so that several instances behind a load balancer serve any
// request.
//
//	go run ./examples/site                          # everything in this process
//	go run ./examples/site -redis localhost:6379    # sessions, counters and notes in Redis
//
// Then open http://localhost:3000 and sign in as alice / wonderland (or
// bob / builder).
//
// Flags:
//
//	-addr host:port        where to listen (localhost:3000)
//	-redis host:port       keep sessions, sign-in counters and notes in Redis
//	-secret s              the secret the session cookie's keys are made from,
//	                       at least 32 bytes, the same for every instance; or
//	                       $SITE_SECRET. Without -redis the whole session is in
//	                       that cookie; with -redis the cookie holds only the
//	                       session's random ID and the secret is not needed
//	-trusted-proxy cidr    a reverse proxy whose X-Forwarded-For is believed
//	                       (repeat, or separate with commas)
//	-drain-period d        on SIGTERM, serve on for d with /readyz failing
//	                       and every answer saying Connection: close, so that
//	                       a load balancer stops sending requests first (0)
//
// Routes:
//
//	GET  /                   the sign-in form, or the user's notes
//	POST /login              a form: username, password, csrf_token (5 a minute per client)
//	POST /logout             a form: csrf_token
//	GET  /api/me             {"username": ...}, or 401
//	GET  /api/notes          the user's notes
//	POST /api/notes          {"text": "...", "priority": 0, "tags": ["..."]} → 201
//	GET  /api/notes/{id}     one note; DELETE removes it
//	POST /api/upload         multipart, a file in "file" (1 MiB at most) → its SHA-256
//	GET  /api/clock          server-sent events: "tick" every second
//	GET  /static/...         the stylesheet and the script
//	GET  /healthz, /readyz   liveness, and readiness (503 while draining)
//
// Things to try with curl:
//
//	curl -s localhost:3000/api/me                                       # 401 {"error":"sign in first"}
//	curl -si -X POST localhost:3000/login                               # 403: no CSRF token
//	curl -si -H 'Sec-Fetch-Site: cross-site' -X POST localhost:3000/api/notes   # 403
//	curl -sN localhost:3000/api/clock                                   # a tick a second
//	curl -si localhost:3000/readyz
//
// On SIGTERM or SIGINT the site shuts down gracefully (see shutdown in
// server.go), after its drain period; a second SIGINT ends it at once.
// examples/deploy runs three instances behind nginx or HAProxy.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	cfg, err := parseConfig(os.Args[1:], os.Getenv, log)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	go func() {
		<-ctx.Done()
		stop() // from now on a second SIGINT ends the process at once
	}()
	if err := run(ctx, cfg, nil); err != nil {
		log.Error("site: " + err.Error())
		os.Exit(1)
	}
}
