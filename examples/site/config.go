package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/netip"
	"strings"
	"time"

	"github.com/iron-go/iron/ext/cookie"
)

// config is the site's configuration, read from the command line and the
// environment and checked by parseConfig before anything starts.
type config struct {
	// addr is where the site listens ("localhost:3000").
	addr string
	// redisAddr is the Redis the site keeps its shared state in ("host:port"),
	// or "" to keep everything in this process.
	redisAddr string
	// secret makes the keys of the session cookie when sessions live in
	// cookies (no Redis): every instance must be given the same one. ""
	// means none was given: newSite then makes one for this process alone.
	secret string
	// trustedProxies are the CIDR prefixes (or single addresses) of the
	// reverse proxies whose X-Forwarded-For and X-Forwarded-Proto the site
	// believes.
	trustedProxies []string
	// drainPeriod is how long the site keeps serving after SIGTERM, with
	// /readyz failing, before it stops taking connections (see shutdown in
	// server.go); 0 stops at once.
	drainPeriod time.Duration
	// log receives the request log and every failure.
	log *slog.Logger
}

// secretEnv is the environment variable read when -secret is not given: a
// secret in a flag shows in the process list, one in the environment does
// not.
const secretEnv = "SITE_SECRET"

// parseConfig reads the flags in args (os.Args[1:]) and the environment
// through getenv. Every value is checked here, so that a mistake is an error
// for the person starting the site, not a panic of an option (CONTRIBUTING.md,
// rule 2).
func parseConfig(args []string, getenv func(string) string, log *slog.Logger) (config, error) {
	cfg := config{log: log}
	fs := flag.NewFlagSet("site", flag.ContinueOnError)
	fs.SetOutput(io.Discard) // the caller prints the error, once
	fs.StringVar(&cfg.addr, "addr", "localhost:3000", "`address` to listen on")
	fs.StringVar(&cfg.redisAddr, "redis", "",
		"Redis `host:port` for sessions, rate-limit counters and notes, shared by every instance (default: in this process)")
	fs.StringVar(&cfg.secret, "secret", "",
		"secret the session cookie's keys are made from when sessions live in cookies (without -redis): at least 32 bytes, the same for every instance (default: $"+secretEnv+")")
	fs.Func("trusted-proxy",
		"`CIDR` or address of a reverse proxy whose X-Forwarded-For is believed (repeat, or separate with commas)",
		func(v string) error {
			for p := range strings.SplitSeq(v, ",") {
				p = strings.TrimSpace(p)
				if !validProxy(p) {
					return fmt.Errorf("%q is neither a CIDR prefix (10.0.0.0/8) nor an IP address", p)
				}
				cfg.trustedProxies = append(cfg.trustedProxies, p)
			}
			return nil
		})
	fs.DurationVar(&cfg.drainPeriod, "drain-period", 0,
		"on SIGTERM, how long to keep serving with /readyz failing before stopping, so that a load balancer stops sending requests first: "+
			"its health-check interval times the failed checks it waits for, plus a check's timeout (default 0: stop at once)")
	if err := fs.Parse(args); err != nil {
		// -h gives flag.ErrHelp, which main tells apart: it exits 0.
		return config{}, fmt.Errorf("site: %w\n%w", err, usage(fs))
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("site: unexpected argument %q\n%w", fs.Arg(0), usage(fs))
	}
	if cfg.drainPeriod < 0 {
		return config{}, fmt.Errorf("site: -drain-period %v: want 0 or more", cfg.drainPeriod)
	}
	if cfg.secret == "" {
		cfg.secret = getenv(secretEnv)
	}
	if cfg.secret != "" {
		// DeriveKeys says how short the secret is and how long it must be.
		if _, err := cookie.DeriveKeys(cfg.secret); err != nil {
			return config{}, fmt.Errorf("site: -secret or $%s: %w", secretEnv, err)
		}
	}
	if cfg.redisAddr != "" {
		if _, _, err := net.SplitHostPort(cfg.redisAddr); err != nil {
			return config{}, fmt.Errorf("site: -redis %q: want host:port: %w", cfg.redisAddr, err)
		}
	}
	return cfg, nil
}

func validProxy(s string) bool {
	if _, err := netip.ParsePrefix(s); err == nil {
		return true
	}
	_, err := netip.ParseAddr(s)
	return err == nil
}

// usage returns the flags' help text as an error, so that main prints it
// with the problem.
func usage(fs *flag.FlagSet) error {
	var b strings.Builder
	b.WriteString("usage: site [flags]\n")
	fs.SetOutput(&b)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
	return errors.New(strings.TrimSuffix(b.String(), "\n"))
}
