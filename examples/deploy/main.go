// Command deploy runs examples/site as it runs in production, on one machine:
// Redis, three instances of the site on loopback ports, and a load balancer
// in front, nginx or HAProxy, with the configuration files README.md
// ("Deploying") explains. It prints the URL, restarts the instances one at a
// time when asked (a rolling restart, to watch by hand), and stops
// everything on Ctrl-C, draining the instances first.
//
//	go run ./examples/deploy                 # nginx on http://127.0.0.1:8080
//	go run ./examples/deploy -lb haproxy     # HAProxy, with health checks
//
// It needs the Debian packages redis-server and nginx-light or haproxy, and
// says which are missing. It builds examples/site once with go build (run it
// from inside this module), or runs the binary given with -site.
//
// Flags:
//
//	-lb nginx|haproxy    the load balancer (nginx)
//	-instances n         how many instances of the site (3)
//	-port p              the load balancer's port on 127.0.0.1 (8080); the
//	                     instances listen on the next n ports
//	-drain-period d      each instance's -drain-period (5s): after SIGTERM it
//	                     serves on, with /readyz failing, for this long
//	-site path           a built examples/site to run instead of building one
//	-dir path            where configuration and logs go (kept); by default
//	                     a temporary directory, removed at the end
//
// A rolling restart: press Enter, or send deploy SIGHUP (kill -HUP, with the
// process ID it prints). Each instance in turn gets SIGTERM, drains, exits,
// starts again and, once its /readyz answers 200 and the load balancer sends
// it requests again, the next one goes. Watch it in the logs (deploy's own
// lines, and the files it names: HAProxy logs each health check that
// changes its mind), or with load running:
//
//	wrk -c 8 -d 60s http://127.0.0.1:8080/healthz
//
// The same restart is what TestRollingRestart does under load, through both
// load balancers, counting every request.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	if err := deploy(os.Args[1:], log); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// flags are deploy's command line.
type flags struct {
	lb          string
	instances   int
	port        int
	drainPeriod time.Duration
	site        string
	dir         string
}

func parseFlags(args []string) (flags, error) {
	var f flags
	fs := flag.NewFlagSet("deploy", flag.ContinueOnError)
	fs.StringVar(&f.lb, "lb", "nginx", "the load balancer: nginx or haproxy")
	fs.IntVar(&f.instances, "instances", 3, "how many instances of examples/site to run")
	fs.IntVar(&f.port, "port", 8080, "the load balancer's `port` on 127.0.0.1; the instances listen on the ports after it")
	fs.DurationVar(&f.drainPeriod, "drain-period", 5*time.Second,
		"each instance's drain period: after SIGTERM it serves on, with /readyz failing, for this long")
	fs.StringVar(&f.site, "site", "", "a built examples/site `binary` to run (default: go build it)")
	fs.StringVar(&f.dir, "dir", "", "the `directory` for configuration and logs, kept (default: a temporary one, removed)")
	if err := fs.Parse(args); err != nil {
		return flags{}, err
	}
	switch {
	case fs.NArg() > 0:
		return flags{}, fmt.Errorf("deploy: unexpected argument %q", fs.Arg(0))
	case balancers[f.lb].program == "":
		return flags{}, fmt.Errorf("deploy: -lb %q: want nginx or haproxy", f.lb)
	case f.instances < 1 || f.instances > 64:
		return flags{}, fmt.Errorf("deploy: -instances %d: want 1 to 64", f.instances)
	case f.port < 1 || f.port+f.instances > 65535:
		return flags{}, fmt.Errorf("deploy: -port %d: want a port with %d free ones after it", f.port, f.instances)
	case f.drainPeriod < 0:
		return flags{}, fmt.Errorf("deploy: -drain-period %v: want 0 or more", f.drainPeriod)
	case f.lb == "haproxy" && f.drainPeriod < defaultCheck.Detect():
		return flags{}, fmt.Errorf("deploy: -drain-period %v is shorter than HAProxy may take to see an instance drain (%v): "+
			"it would send requests to an instance that no longer takes them", f.drainPeriod, defaultCheck.Detect())
	}
	return f, nil
}

// deploy runs the cluster the flags describe until SIGINT or SIGTERM.
func deploy(args []string, log *slog.Logger) error {
	f, err := parseFlags(args)
	if err != nil {
		return err
	}
	lb := balancers[f.lb]
	paths, err := findPrograms(program{"redis-server", "redis-server"}, program{lb.program, lb.debPackage})
	if err != nil {
		return err
	}

	dir := f.dir
	if dir == "" {
		if dir, err = os.MkdirTemp("", "iron-deploy-"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// nginx started as root runs its workers as an unprivileged user, which
	// must reach the temporary files it keeps here.
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}

	// Ctrl-C or SIGTERM stops everything; until the cluster runs, at once.
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	site := f.site
	if site == "" {
		log.Info("deploy: building examples/site")
		if site, err = buildSite(ctx, dir); err != nil {
			return err
		}
	}
	o := options{
		lb:          f.lb,
		listen:      "127.0.0.1:" + strconv.Itoa(f.port),
		dir:         dir,
		site:        site,
		redisServer: paths[0],
		proxy:       paths[1],
		check:       defaultCheck,
		failTimeout: 2 * time.Second,
		drainPeriod: f.drainPeriod,
		log:         log,
	}
	for i := range f.instances {
		o.instances = append(o.instances, "127.0.0.1:"+strconv.Itoa(f.port+1+i))
	}
	c, err := start(ctx, o)
	if err != nil {
		return err
	}
	log.Info("deploy: serving", "url", "http://"+o.listen, "lb", o.lb, "instances", o.instances, "redis", c.redisAddr)
	log.Info("deploy: sign in as alice / wonderland or bob / builder")
	log.Info("deploy: files", "config", c.config, "logs", c.logFiles())
	log.Info("deploy: rolling restart: press Enter, or kill -HUP " + strconv.Itoa(os.Getpid()) + "; stop: Ctrl-C")

	serveRolls(ctx, c, os.Stdin, log)
	log.Info("deploy: stopping: the instances drain first", "drain_period", o.drainPeriod)
	if err := c.stop(); err != nil {
		return err
	}
	log.Info("deploy: stopped")
	return nil
}

// serveRolls runs a rolling restart for each line read from in and each
// SIGHUP, one at a time, until ctx ends; then it waits for the restart under
// way to end (an instance being stopped finishes its drain).
func serveRolls(ctx context.Context, c *cluster, in io.Reader, log *slog.Logger) {
	asks := make(chan struct{}, 1)
	ask := func() {
		select {
		case asks <- struct{}{}:
		default: // one is waiting already
		}
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go func() {
		sc := bufio.NewScanner(in)
		for sc.Scan() {
			ask()
		}
	}()

	for {
		select {
		case <-ctx.Done():
			return
		case <-hup:
			ask()
		case <-asks:
			log.Info("deploy: rolling restart", "instances", len(c.opts.instances))
			if err := c.roll(ctx); err != nil && ctx.Err() == nil {
				log.Error("deploy: rolling restart failed", "error", err)
				continue
			}
			if ctx.Err() == nil {
				log.Info("deploy: rolling restart done", "restarts", c.restarted())
			}
		}
	}
}
