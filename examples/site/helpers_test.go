package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// testSecret is the secret of sites the tests start, unless a test gives
// another: instances with the same secret read each other's cookies.
const testSecret = "a test secret that is long enough for DeriveKeys"

// instance is one site started by run, as main starts it, on a loopback port.
type instance struct {
	base string   // "http://127.0.0.1:port"
	logs *logSink // what the site logged
	stop func()   // shuts it down as SIGTERM does, and checks it stopped cleanly
}

// startSite runs the site with cfg (its addr and log are the test's) until
// the test ends, or until stop. redisAddr "" keeps its state in the process.
func startSite(t *testing.T, cfg config) *instance {
	t.Helper()
	logs := &logSink{}
	cfg.addr = "127.0.0.1:0"
	cfg.log = jsonLog(logs)
	ctx, cancel := context.WithCancel(context.Background())
	addrs := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- run(ctx, cfg, func(a net.Addr) { addrs <- a }) }()

	var base string
	select {
	case a := <-addrs:
		base = "http://" + a.String()
	case err := <-done:
		cancel()
		t.Fatalf("the site did not start: %v", err)
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("the site did not start in 10 s")
	}
	var stopped atomic.Bool
	stop := func() {
		if stopped.Swap(true) {
			return
		}
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("the site did not stop cleanly: %v", err)
			}
		case <-time.After(40 * time.Second):
			t.Error("the site did not stop in 40 s")
		}
	}
	t.Cleanup(stop)
	return &instance{base: base, logs: logs, stop: stop}
}

// jsonLog returns a logger of JSON lines, every level, into logs.
func jsonLog(logs *logSink) *slog.Logger {
	return slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// logSink keeps what a site logs, as JSON lines; safe for concurrent use.
type logSink struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logSink) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// lines returns every line logged so far, decoded.
func (l *logSink) lines(t *testing.T) []map[string]any {
	t.Helper()
	l.mu.Lock()
	text := l.buf.String()
	l.mu.Unlock()
	var out []map[string]any
	for line := range strings.SplitSeq(strings.TrimSpace(text), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &m), line)
		out = append(out, m)
	}
	return out
}

// requestLines returns the request log lines (ext/logger's) whose
// request_id is id.
func (l *logSink) requestLines(t *testing.T, id string) []map[string]any {
	var out []map[string]any
	for _, m := range l.lines(t) {
		if m["msg"] == "request" && m["request_id"] == id {
			out = append(out, m)
		}
	}
	return out
}

// client is one browser: a cookie jar, and the address it comes from. The
// sites of the tests trust 127.0.0.1 as a proxy, so that each client can
// say its own address in X-Forwarded-For, as nginx would for it, and has
// a sign-in quota of its own.
type client struct {
	t    *testing.T
	base string
	ip   string // "" sends no X-Forwarded-For
	http *http.Client
}

var nextClientIP atomic.Uint32

// newClient returns a client of the site at base, with an address no other
// client of the test run has.
func newClient(t *testing.T, base string) *client {
	jar, err := cookiejar.New(nil)
	require.NoError(t, err)
	n := nextClientIP.Add(1)
	hc := &http.Client{
		Jar:       jar,
		Transport: &http.Transport{ExpectContinueTimeout: 5 * time.Second},
		Timeout:   10 * time.Second,
		// The tests look at redirects themselves.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	t.Cleanup(hc.CloseIdleConnections)
	return &client{t: t, base: base, ip: "198.51.100." + strconv.Itoa(int(n%250)+1), http: hc}
}

// at returns the same browser (its cookies, its address) talking to another
// instance of the site, as a load balancer would send it there.
func (c *client) at(base string) *client {
	other := *c
	other.base = base
	return &other
}

// answer is a response read whole.
type answer struct {
	*http.Response
	body string
}

// json decodes the body into a new T.
func decode[T any](t *testing.T, a answer) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal([]byte(a.body), &v), "body %q", a.body)
	return v
}

// do sends a request; header is pairs of name and value.
func (c *client) do(method, path string, body io.Reader, header ...string) answer {
	c.t.Helper()
	return c.doAt(c.base, method, path, body, header...)
}

// doAt is do against another instance, with the same cookies.
func (c *client) doAt(base, method, path string, body io.Reader, header ...string) answer {
	c.t.Helper()
	req, err := http.NewRequest(method, base+path, body)
	require.NoError(c.t, err)
	if c.ip != "" {
		req.Header.Set("X-Forwarded-For", c.ip)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.http.Do(req)
	require.NoError(c.t, err, "%s %s", method, path)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(c.t, err)
	return answer{res, string(b)}
}

func (c *client) get(path string, header ...string) answer {
	c.t.Helper()
	return c.do(http.MethodGet, path, nil, header...)
}

func (c *client) postForm(path string, form url.Values) answer {
	c.t.Helper()
	return c.do(http.MethodPost, path, strings.NewReader(form.Encode()), "Content-Type", "application/x-www-form-urlencoded")
}

func (c *client) postJSON(path, body string, header ...string) answer {
	c.t.Helper()
	return c.do(http.MethodPost, path, strings.NewReader(body), append([]string{"Content-Type", "application/json"}, header...)...)
}

var tokenField = regexp.MustCompile(`<input type="hidden" name="csrf_token" value="([^"]+)">`)

// token loads the home page, as a browser does before it posts a form, and
// returns the page's CSRF token.
func (c *client) token() string {
	c.t.Helper()
	page := c.get("/")
	require.Equal(c.t, http.StatusOK, page.StatusCode, page.body)
	m := tokenField.FindStringSubmatch(page.body)
	require.NotNil(c.t, m, "no csrf_token field in the page:\n%s", page.body)
	return m[1]
}

// login signs in through the form, token included, and returns the answer.
func (c *client) login(user, password string) answer {
	c.t.Helper()
	return c.postForm("/login", url.Values{"username": {user}, "password": {password}, "csrf_token": {c.token()}})
}

// signIn signs in and checks it worked.
func (c *client) signIn(user, password string) {
	c.t.Helper()
	a := c.login(user, password)
	require.Equal(c.t, http.StatusSeeOther, a.StatusCode, a.body)
}

// cookie returns the value of the session cookie the jar holds, "" if none.
func (c *client) cookie() string {
	u, _ := url.Parse(c.base)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == "session" {
			return ck.Value
		}
	}
	return ""
}

// setCookie replaces the session cookie the jar holds.
func (c *client) setCookie(value string) {
	u, _ := url.Parse(c.base)
	c.http.Jar.SetCookies(u, []*http.Cookie{{Name: "session", Value: value, Path: "/"}})
}
