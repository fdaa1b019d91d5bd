package main

import (
	"bytes"
	"embed"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"text/template"
	"time"
)

// The proxies' configurations, as files a user can copy: templates that only
// fill in addresses, paths and the health-check timings.
//
//go:embed nginx.conf.tmpl haproxy.cfg.tmpl
var templates embed.FS

// balancers are the load balancers deploy runs, by name: the program, its
// Debian package, and its configuration template.
var balancers = map[string]balancer{
	"nginx":   {program: "nginx", debPackage: "nginx-light", template: "nginx.conf.tmpl", file: "nginx.conf"},
	"haproxy": {program: "haproxy", debPackage: "haproxy", template: "haproxy.cfg.tmpl", file: "haproxy.cfg"},
}

type balancer struct {
	program    string // looked up in PATH and /usr/sbin
	debPackage string // what to install when it is missing
	template   string // in templates
	file       string // the rendered configuration, in the deploy directory
}

// healthCheck is how HAProxy checks the instances' /readyz: every Interval;
// every FastInterval while a state change is under way (after a first
// failure or a first success); every DownInterval while an instance is
// down. Fall failures in a row take an instance out, Rise successes bring
// it back; a check slower than Timeout fails.
type healthCheck struct {
	Interval, FastInterval, DownInterval time.Duration
	Timeout                              time.Duration
	Fall, Rise                           int
}

// Detect is the longest HAProxy can take to take a draining instance out:
// the wait for the next check, then Fall failed checks, each of which may
// take Timeout, with FastInterval between them. An instance's drain period
// must be longer.
func (h healthCheck) Detect() time.Duration {
	return h.Interval + time.Duration(h.Fall)*h.Timeout + time.Duration(h.Fall-1)*h.FastInterval
}

// Join is about how long HAProxy takes to send requests to an instance that
// has become ready: the wait for the next check (at DownInterval), then Rise
// good checks at FastInterval.
func (h healthCheck) Join() time.Duration {
	return h.DownInterval + time.Duration(h.Rise-1)*h.FastInterval
}

// defaultCheck is what deploy runs with: an instance out within about 3 s
// of its SIGTERM (Detect), so a drain period of 5 s leaves a margin.
var defaultCheck = healthCheck{
	Interval:     time.Second,
	FastInterval: 250 * time.Millisecond,
	DownInterval: time.Second,
	Timeout:      time.Second,
	Fall:         2,
	Rise:         2,
}

// settings are what the templates are rendered with.
type settings struct {
	Listen      string        // where the proxy listens, "127.0.0.1:8080"
	Instances   []string      // the instances' addresses
	Dir         string        // the deploy directory: logs, pid file, temporary files
	Check       healthCheck   // HAProxy's checks
	FailTimeout time.Duration // nginx's fail_timeout: how long a failed instance is left alone
	DrainPeriod time.Duration // the instances' -drain-period, for the comments
}

var funcs = template.FuncMap{
	// ms writes a duration as HAProxy and nginx read it: "250ms", or "2s"
	// when it is whole seconds.
	"ms": func(d time.Duration) string {
		if d%time.Second == 0 {
			return strconv.FormatInt(int64(d/time.Second), 10) + "s"
		}
		return strconv.FormatInt(d.Milliseconds(), 10) + "ms"
	},
	// secs writes a duration in whole seconds, rounded up: nginx's
	// fail_timeout takes no milliseconds.
	"secs": func(d time.Duration) string { return strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10) + "s" },
	"inc":  func(i int) int { return i + 1 },
}

// render writes the configuration of the balancer named lb into s.Dir and
// returns its path.
func render(lb string, s settings) (string, error) {
	b, ok := balancers[lb]
	if !ok {
		return "", fmt.Errorf("deploy: no load balancer %q", lb)
	}
	t, err := template.New(b.template).Funcs(funcs).Option("missingkey=error").ParseFS(templates, b.template)
	if err != nil {
		return "", err
	}
	var out bytes.Buffer
	if err := t.Execute(&out, s); err != nil {
		return "", err
	}
	path := filepath.Join(s.Dir, b.file)
	return path, os.WriteFile(path, out.Bytes(), 0o644)
}
