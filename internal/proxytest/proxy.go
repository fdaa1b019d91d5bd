package proxytest

import (
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/iron-go/iron/internal/component"
)

// Kind names a proxy and starts it, for tests that run through each one.
type Kind struct {
	Name  string
	Start func(t testing.TB, upstreams []string, opts ...Option) *Proxy
}

// Both are the two proxies the module is tested behind.
var Both = []Kind{
	{"nginx", Nginx},
	{"haproxy", HAProxy},
}

// Proxy is a running nginx or HAProxy, started by [Nginx] or [HAProxy] and
// stopped when its test ends (or by [Proxy.Stop]). Its methods may be called
// from any goroutine.
type Proxy struct {
	// Name is "nginx" or "haproxy".
	Name string
	// Addr is where clients connect: "127.0.0.1:port".
	Addr string
	// URL is "http://" + Addr.
	URL string
	// Upstreams are the addresses the proxy forwards to, as given.
	Upstreams []string
	// Dir holds the proxy's configuration, logs and temporary files.
	Dir string
	// Config is the configuration the proxy runs with.
	Config string

	proc      *component.Process
	accessLog string // nginx's access log file; "" means the process output (HAProxy)
	errorLog  string // nginx's error log file; "" means the process output (HAProxy)
}

// Stop ends the proxy now (SIGTERM, then SIGKILL after 5 s). Its logs stay
// readable. It is safe to call more than once.
func (p *Proxy) Stop() { p.proc.Stop(5 * time.Second) }

// Entry is one request as the proxy logged it once it was done with it.
type Entry struct {
	// Status is the status the proxy sent the client (0 if none).
	Status int
	// Upstream is the address of the upstream that served the request;
	// nginx lists every upstream it tried, comma separated. Empty when no
	// upstream was reached.
	Upstream string
	// UpstreamStatus is nginx's $upstream_status (a status per upstream
	// tried, "502, 200"); empty for HAProxy.
	UpstreamStatus string
	// Termination is HAProxy's session termination state ("----" when the
	// request ended normally, "SD--" when the server aborted during the
	// data phase, ...); empty for nginx.
	Termination string
	// Retries is how many more upstream attempts the request took than one.
	Retries int
	// Request is the request line, "POST /echo HTTP/1.1".
	Request string
	// Raw is the log line.
	Raw string
}

// entryPrefix starts each access log line this package configures, so that
// HAProxy's requests can be told from its other messages on one stream.
const entryPrefix = "iron|"

// Entries returns the requests the proxy has logged so far, oldest first.
// A proxy logs a request after it has answered it, so a client that has
// just read an answer may not see its entry yet: see [Proxy.WaitEntries].
func (p *Proxy) Entries() []Entry {
	var out []Entry
	for _, line := range p.lines(p.accessLog) {
		if e, ok := parseEntry(line); ok {
			out = append(out, e)
		}
	}
	return out
}

// WaitEntries waits until the proxy has logged at least n requests or
// timeout passes, and returns what it has logged either way.
func (p *Proxy) WaitEntries(n int, timeout time.Duration) []Entry {
	deadline := time.Now().Add(timeout)
	for {
		es := p.Entries()
		if len(es) >= n || time.Now().After(deadline) {
			return es
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// ErrorLog returns the lines the proxy wrote to its error log: nginx's
// error_log (level warn and above), HAProxy's messages other than request
// entries (server state changes, warnings, alerts).
func (p *Proxy) ErrorLog() []string {
	var out []string
	for _, line := range p.lines(p.errorLog) {
		if !strings.HasPrefix(line, entryPrefix) {
			out = append(out, line)
		}
	}
	return out
}

// UpstreamErrors returns the log lines that show a connection to an
// upstream failing: for nginx, error-level lines about an upstream
// ("upstream prematurely closed connection", "recv() failed (104:
// Connection reset by peer)", "writev() failed (32: Broken pipe) while
// sending request to upstream", "upstream timed out", "no live upstreams");
// for HAProxy, request entries whose termination state blames the server
// side (S or s first: SH--, SD--, sH--...) and messages about connections
// reset or refused. Empty means no upstream reset was logged.
func (p *Proxy) UpstreamErrors() []string {
	var out []string
	switch p.Name {
	case "nginx":
		for _, line := range p.ErrorLog() {
			if nginxErrorLevel(line) && strings.Contains(line, "upstream") {
				out = append(out, line)
			}
		}
	default:
		for _, e := range p.Entries() {
			if t := e.Termination; t != "" && (t[0] == 'S' || t[0] == 's') {
				out = append(out, e.Raw)
			}
		}
		for _, line := range p.ErrorLog() {
			if strings.Contains(line, "reset by peer") || strings.Contains(line, "Broken pipe") {
				out = append(out, line)
			}
		}
	}
	return out
}

// nginxErrorLevel reports whether an nginx error log line is at level error
// or above. Client-side trouble (a client that resets or times out) is
// logged at info, so these are the proxy's and its upstreams' failures.
func nginxErrorLevel(line string) bool {
	for _, l := range []string{"[error]", "[crit]", "[alert]", "[emerg]"} {
		if strings.Contains(line, l) {
			return true
		}
	}
	return false
}

// lines returns the lines of file, or of the process output when file is
// "".
func (p *Proxy) lines(file string) []string {
	var text string
	if file == "" {
		text = p.proc.Output()
	} else {
		b, _ := os.ReadFile(file) // not there yet: no lines
		text = string(b)
	}
	text = strings.TrimRight(text, "\n")
	if text == "" {
		return nil
	}
	return strings.Split(text, "\n")
}

// parseEntry reads a line of the access log format both proxies are given:
// iron|status|upstream|upstream status|termination|retries|"request line".
func parseEntry(line string) (Entry, bool) {
	rest, ok := strings.CutPrefix(line, entryPrefix)
	if !ok {
		return Entry{}, false
	}
	f := strings.SplitN(rest, "|", 6)
	if len(f) != 6 {
		return Entry{}, false
	}
	e := Entry{Raw: line, Request: strings.Trim(f[5], `"`)}
	e.Status, _ = strconv.Atoi(f[0])
	if f[1] != "-" && f[1] != "-:-" && f[1] != "" {
		e.Upstream = f[1]
	}
	if f[2] != "-" {
		e.UpstreamStatus = f[2]
	}
	if f[3] != "-" {
		e.Termination = f[3]
	}
	if f[4] == "-" {
		e.Retries = strings.Count(e.Upstream, ",")
	} else {
		e.Retries, _ = strconv.Atoi(strings.TrimPrefix(f[4], "+"))
	}
	return e, true
}
