package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// options say what a cluster runs, and where.
type options struct {
	lb        string   // "nginx" or "haproxy"
	listen    string   // the load balancer's address, "127.0.0.1:8080"
	instances []string // the instances' addresses
	dir       string   // the deploy directory: configuration, logs, Redis's files

	site        string // the site's binary (built once, see buildSite)
	redisServer string // the path of redis-server
	proxy       string // the path of nginx or haproxy

	check       healthCheck   // HAProxy's checks of /readyz
	failTimeout time.Duration // nginx's fail_timeout
	drainPeriod time.Duration // each instance's -drain-period

	log *slog.Logger
}

// stopGrace bounds an instance's stop after its drain period: the site's own
// shutdown timeout (30 s) and a margin.
const stopGrace = 35 * time.Second

// cluster is Redis, the instances of the site, and the load balancer in
// front of them, as [start] runs them. roll and stop must not run at the
// same time; restarts may be read at any time.
type cluster struct {
	opts      options
	config    string // the load balancer's configuration file
	redisAddr string
	redis     *process
	proxy     *process

	mu       sync.Mutex
	sites    []*process // by instance, the process running now
	restarts int        // instances restarted by roll so far
}

// start runs Redis, the instances, and the load balancer, and returns once
// the balancer accepts connections and (HAProxy) lists every instance up.
// On an error it stops what it started.
func start(ctx context.Context, o options) (_ *cluster, err error) {
	c := &cluster{opts: o, sites: make([]*process, len(o.instances))}
	defer func() {
		if err != nil {
			_ = c.stop()
		}
	}()
	if err := c.startRedis(ctx); err != nil {
		return nil, err
	}
	for i := range o.instances {
		if err := c.startInstance(ctx, i); err != nil {
			return nil, err
		}
	}
	if err := c.startProxy(ctx); err != nil {
		return nil, err
	}
	if o.lb == "haproxy" {
		for i := range o.instances {
			if err := c.waitUp(ctx, i); err != nil {
				return nil, err
			}
		}
	}
	return c, nil
}

func (c *cluster) startRedis(ctx context.Context) error {
	port, err := freePort()
	if err != nil {
		return err
	}
	c.redisAddr = "127.0.0.1:" + strconv.Itoa(port)
	// No persistence: the example starts empty each time.
	c.redis, err = startProcess("redis", filepath.Join(c.opts.dir, "redis.log"), c.opts.redisServer,
		"--bind", "127.0.0.1", "--port", strconv.Itoa(port), "--save", "", "--appendonly", "no",
		"--daemonize", "no", "--dir", c.opts.dir)
	if err != nil {
		return err
	}
	return waitFor(ctx, c.redis, 10*time.Second, func() bool { return redisPing(c.redisAddr) == nil })
}

// startInstance runs instance i of the site and waits until its /readyz
// answers 200.
func (c *cluster) startInstance(ctx context.Context, i int) error {
	name := "site-" + strconv.Itoa(i+1)
	addr := c.opts.instances[i]
	p, err := startProcess(name, filepath.Join(c.opts.dir, name+".log"), c.opts.site,
		"-addr", addr,
		"-redis", c.redisAddr,
		"-trusted-proxy", "127.0.0.1", // the load balancer: its X-Forwarded-For is believed
		"-drain-period", c.opts.drainPeriod.String())
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.sites[i] = p
	c.mu.Unlock()
	probe := &http.Client{Timeout: time.Second}
	defer probe.CloseIdleConnections()
	return waitFor(ctx, p, 20*time.Second, func() bool {
		res, err := probe.Get("http://" + addr + "/readyz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	})
}

func (c *cluster) startProxy(ctx context.Context) error {
	var err error
	c.config, err = render(c.opts.lb, settings{
		Listen:      c.opts.listen,
		Instances:   c.opts.instances,
		Dir:         c.opts.dir,
		Check:       c.opts.check,
		FailTimeout: c.opts.failTimeout,
		DrainPeriod: c.opts.drainPeriod,
	})
	if err != nil {
		return err
	}
	var args []string
	switch c.opts.lb {
	case "nginx":
		// -p: relative paths nginx derives fall in the deploy directory;
		// -e: its error log from the start, before it reads the file.
		args = []string{"-p", c.opts.dir + "/", "-e", filepath.Join(c.opts.dir, "nginx-error.log"), "-c", c.config}
	default:
		args = []string{"-db", "-f", c.config} // -db: in the foreground
	}
	c.proxy, err = startProcess(c.opts.lb, filepath.Join(c.opts.dir, c.opts.lb+".log"), c.opts.proxy, args...)
	if err != nil {
		return err
	}
	return waitFor(ctx, c.proxy, 10*time.Second, func() bool {
		conn, err := net.DialTimeout("tcp", c.opts.listen, time.Second)
		if err != nil {
			return false
		}
		conn.Close()
		return true
	})
}

// roll restarts the instances one at a time, each as restart does. It
// returns early when ctx ends, or on the first failure.
func (c *cluster) roll(ctx context.Context) error {
	for i := range c.opts.instances {
		if err := c.restart(ctx, i); err != nil {
			return err
		}
	}
	return nil
}

// restart stops instance i with SIGTERM (it drains, and must exit with
// status 0), starts it again, waits until its /readyz answers 200, and then
// until the load balancer sends it requests again.
func (c *cluster) restart(ctx context.Context, i int) error {
	c.mu.Lock()
	p := c.sites[i]
	c.mu.Unlock()
	log := c.opts.log.With("instance", p.name, "addr", c.opts.instances[i])
	log.Info("deploy: SIGTERM", "drain_period", c.opts.drainPeriod)
	began := time.Now()
	if err := p.stop(syscall.SIGTERM, c.opts.drainPeriod+stopGrace); err != nil {
		return fmt.Errorf("deploy: %s did not stop cleanly: %w\n%s", p.name, err, tail(p.log, 20))
	}
	log.Info("deploy: exited", "after", time.Since(began).Round(time.Millisecond))
	if err := ctx.Err(); err != nil {
		return err // stopping: no new instance to be stopped at once
	}
	if err := c.startInstance(ctx, i); err != nil {
		return err
	}
	log.Info("deploy: ready", "after", time.Since(began).Round(time.Millisecond))
	if err := c.waitJoined(ctx, i); err != nil {
		return err
	}
	log.Info("deploy: back behind "+c.opts.lb, "after", time.Since(began).Round(time.Millisecond))
	c.mu.Lock()
	c.restarts++
	c.mu.Unlock()
	return nil
}

// waitJoined waits until the load balancer sends requests to restarted
// instance i again. HAProxy says so on its stats socket once its checks have
// seen the instance ready, which takes at least check.Join (a restart too
// quick for the checks to notice would otherwise look joined at once).
// nginx has no checks: it tries an instance again fail_timeout after the
// instance last failed it (it refused connections while it restarted).
func (c *cluster) waitJoined(ctx context.Context, i int) error {
	if c.opts.lb == "nginx" {
		return sleep(ctx, c.opts.failTimeout)
	}
	if err := sleep(ctx, c.opts.check.Join()); err != nil {
		return err
	}
	return c.waitUp(ctx, i)
}

// waitUp waits until HAProxy lists instance i as up.
func (c *cluster) waitUp(ctx context.Context, i int) error {
	server := "site" + strconv.Itoa(i+1)
	sock := filepath.Join(c.opts.dir, "haproxy.sock")
	return waitFor(ctx, c.proxy, 10*time.Second+c.opts.check.Join(), func() bool {
		up, err := haproxyServerUp(sock, server)
		return err == nil && up
	})
}

// restarted returns how many instances roll has restarted so far.
func (c *cluster) restarted() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.restarts
}

// stop drains and stops the instances first, all at once, while the load
// balancer still passes their answers on; then the balancer, gracefully
// (nginx: SIGQUIT, HAProxy: SIGUSR1, each finishing the requests it has);
// then Redis. It returns what went wrong, if anything: an instance that did
// not exit with status 0 is an error.
func (c *cluster) stop() error {
	c.mu.Lock()
	sites := c.sites
	c.mu.Unlock()
	errs := make([]error, len(sites))
	var wg sync.WaitGroup
	for i, p := range sites {
		if p == nil {
			continue
		}
		wg.Go(func() {
			if err := p.stop(syscall.SIGTERM, c.opts.drainPeriod+stopGrace); err != nil {
				errs[i] = fmt.Errorf("deploy: %s: %w", p.name, err)
			}
		})
	}
	wg.Wait()
	if c.proxy != nil {
		sig := syscall.SIGQUIT
		if c.opts.lb == "haproxy" {
			sig = haproxySoftStop
		}
		if err := c.proxy.stop(sig, 10*time.Second); err != nil {
			errs = append(errs, fmt.Errorf("deploy: %s: %w", c.proxy.name, err))
		}
	}
	if c.redis != nil {
		if err := c.redis.stop(syscall.SIGTERM, 10*time.Second); err != nil {
			errs = append(errs, fmt.Errorf("deploy: redis: %w", err))
		}
	}
	return errors.Join(errs...)
}

// waitFor polls ready every 50 ms until it is true; it fails when p exits
// first, timeout passes, or ctx ends.
func waitFor(ctx context.Context, p *process, timeout time.Duration, ready func() bool) error {
	deadline := time.Now().Add(timeout)
	for !ready() {
		if p.exited() {
			return p.failure()
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("deploy: %s not ready after %v; the end of %s:\n%s", p.name, timeout, p.log, tail(p.log, 20))
		}
		if err := sleep(ctx, 50*time.Millisecond); err != nil {
			return err
		}
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// freePort returns a loopback TCP port that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// redisPing sends PING to the Redis at addr and expects PONG.
func redisPing(addr string) error {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(time.Second))
	if _, err := conn.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		return err
	}
	if !strings.HasPrefix(line, "+PONG") {
		return fmt.Errorf("deploy: Redis answered PING with %q", line)
	}
	return nil
}

// haproxyServerUp asks HAProxy, on its stats socket, whether server of the
// backend "site" is up: "show servers state" lists each server with its
// operational state, 2 meaning running.
func haproxyServerUp(sock, server string) (bool, error) {
	conn, err := net.DialTimeout("unix", sock, time.Second)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(time.Second))
	if _, err := conn.Write([]byte("show servers state site\n")); err != nil {
		return false, err
	}
	sc := bufio.NewScanner(conn)
	for sc.Scan() {
		// be_id be_name srv_id srv_name srv_addr srv_op_state ...
		f := strings.Fields(sc.Text())
		if len(f) > 5 && f[1] == "site" && f[3] == server {
			return f[5] == "2", nil
		}
	}
	if err := sc.Err(); err != nil {
		return false, err
	}
	return false, fmt.Errorf("deploy: HAProxy does not list server %s", server)
}

// logFiles lists the deploy directory's logs, for the user.
func (c *cluster) logFiles() []string {
	files, _ := filepath.Glob(filepath.Join(c.opts.dir, "*.log"))
	return files
}
