package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// browser is one user's browser behind the load balancer: its own cookie
// jar, signed in as user, coming from an address of its own (127.0.0.x:
// Linux routes all of 127.0.0.0/8 to the loopback interface), so that the
// load balancer's X-Forwarded-For gives each its own sign-in quota.
type browser struct {
	name     string // "alice@127.0.0.3"
	user     string
	password string
	base     string // the load balancer's URL
	http     *http.Client
	tally    *tally
	acked    map[int64]string // notes the site acknowledged (201): ID → text
}

func newBrowser(t *testing.T, base, ip, user, password string, tl *tally) *browser {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 5 * time.Second}
	tr := &http.Transport{DialContext: dialer.DialContext, MaxIdleConnsPerHost: 2}
	t.Cleanup(tr.CloseIdleConnections)
	return &browser{
		name: user + "@" + ip, user: user, password: password, base: base, tally: tl,
		acked: make(map[int64]string),
		http: &http.Client{
			Jar:       jar,
			Transport: tr,
			Timeout:   10 * time.Second, // longer than any drain: a request left hanging is a failure
			// A browser follows the 303 after signing in; here the answer
			// itself is what the test checks.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
}

var tokenField = regexp.MustCompile(`<input type="hidden" name="csrf_token" value="([^"]+)">`)

// signIn signs in through the real form: the page's CSRF token, then the
// form with it. Each browser signs in once: the site allows 5 attempts a
// minute per client address.
func (b *browser) signIn() error {
	status, page, err := b.do(http.MethodGet, "/", "", nil)
	if err != nil || status != http.StatusOK {
		return fmt.Errorf("%s: GET /: %d %v", b.name, status, err)
	}
	m := tokenField.FindStringSubmatch(page)
	if m == nil {
		return fmt.Errorf("%s: no csrf_token field in the page", b.name)
	}
	form := url.Values{"username": {b.user}, "password": {b.password}, "csrf_token": {m[1]}}.Encode()
	status, body, err := b.do(http.MethodPost, "/login", form, http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
	if err != nil || status != http.StatusSeeOther {
		return fmt.Errorf("%s: POST /login: %d %v %s", b.name, status, err, body)
	}
	status, body, err = b.do(http.MethodGet, "/api/me", "", nil)
	if err != nil || status != http.StatusOK || body != `{"username":"`+b.user+`"}` {
		return fmt.Errorf("%s: GET /api/me after signing in: %d %v %s", b.name, status, err, body)
	}
	return nil
}

func (b *browser) do(method, path, body string, header http.Header) (int, string, error) {
	req, err := http.NewRequest(method, b.base+path, strings.NewReader(body))
	if err != nil {
		return 0, "", err
	}
	maps.Copy(req.Header, header)
	res, err := b.http.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	got, err := io.ReadAll(res.Body)
	return res.StatusCode, string(got), err
}

// The requests of the load, in the order each browser sends them: signed-in
// pages and API reads, and note-creating POSTs (JSON, with the Origin a
// browser sends from the page's script: the API checks where an unsafe
// request comes from instead of a token).
var load = []string{"GET /api/me", "POST /api/notes", "GET /api/notes", "GET /", "GET /api/me", "POST /api/notes", "GET /api/notes"}

// run sends the load, one request at a time with pause between them, until
// ctx ends, counting each outcome.
func (b *browser) run(ctx context.Context, pause time.Duration) {
	for n := 0; ctx.Err() == nil; n++ {
		kind := load[n%len(load)]
		method, path, _ := strings.Cut(kind, " ")
		var body string
		var header http.Header
		if method == http.MethodPost {
			body = `{"text":"` + b.name + ` ` + strconv.Itoa(n) + `","priority":1}`
			header = http.Header{"Content-Type": {"application/json"}, "Origin": {b.base}}
		}
		began := time.Now()
		status, got, err := b.do(method, path, body, header)
		b.tally.count(b, kind, body, status, got, err, began)
		if err := sleep(ctx, pause); err != nil {
			return
		}
	}
}

// tally counts the outcomes of every browser's requests; safe for
// concurrent use.
type tally struct {
	mu        sync.Mutex
	start     time.Time
	requests  int
	byStatus  map[int]int    // answers, by status
	byKind    map[string]int // requests, by method and path
	errors    map[string]int // requests that got no answer, by cause
	failed    int            // requests that failed: no answer, a 5xx, or not what a signed-in user gets
	signedOut int            // answers that say the browser was signed out
	failures  []string       // the first failures, for the log
}

func newTally() *tally {
	return &tally{start: time.Now(), byStatus: map[int]int{}, byKind: map[string]int{}, errors: map[string]int{}}
}

// count records the outcome of one request of kind, and keeps the note a
// POST added.
func (tl *tally) count(b *browser, kind, sent string, status int, body string, err error, began time.Time) {
	want := http.StatusOK
	if kind == "POST /api/notes" {
		want = http.StatusCreated
	}
	var problem string
	signedOut := false
	switch {
	case err != nil:
		problem = cause(err)
	case status != want:
		problem = "status " + strconv.Itoa(status)
		signedOut = status == http.StatusUnauthorized
	case kind == "GET /api/me" && body != `{"username":"`+b.user+`"}`:
		problem, signedOut = "not "+b.user+": "+body, true
	case kind == "GET /" && !strings.Contains(body, "Signed in as "+b.user):
		problem, signedOut = "the sign-in page", true
	}

	tl.mu.Lock()
	defer tl.mu.Unlock()
	tl.requests++
	tl.byKind[kind]++
	if err != nil {
		tl.errors[cause(err)]++
	} else {
		tl.byStatus[status]++
	}
	if signedOut {
		tl.signedOut++
	}
	if problem != "" {
		tl.failed++
		if len(tl.failures) < 20 {
			tl.failures = append(tl.failures, fmt.Sprintf("%s at %v (%v long) by %s: %s: %s",
				kind, began.Sub(tl.start).Round(time.Millisecond), time.Since(began).Round(time.Millisecond), b.name, problem, firstLine(body, err)))
		}
		return
	}
	if kind == "POST /api/notes" {
		var n note
		if json.Unmarshal([]byte(body), &n) == nil {
			b.acked[n.ID] = n.Text
		}
	}
}

// note is what the site's API says of a note.
type note struct {
	ID   int64  `json:"id"`
	Text string `json:"text"`
}

// cause names why a request got no answer.
func cause(err error) string {
	var ne net.Error
	switch {
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, os.ErrDeadlineExceeded), errors.Is(err, context.DeadlineExceeded), errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "connection closed"
	default:
		return "other: " + err.Error()
	}
}

func firstLine(body string, err error) string {
	if err != nil {
		return err.Error()
	}
	line, _, _ := strings.Cut(body, "\n")
	if len(line) > 200 {
		line = line[:200] + "…"
	}
	return line
}

// summary is the counts, for the test log.
func (tl *tally) summary() string {
	tl.mu.Lock()
	defer tl.mu.Unlock()
	return fmt.Sprintf("%d requests: by status %v; by kind %v; without an answer %v; failed %d, signed out %d",
		tl.requests, sorted(tl.byStatus), sorted(tl.byKind), sorted(tl.errors), tl.failed, tl.signedOut)
}

// sorted writes a map with its keys in order.
func sorted[K int | string](m map[K]int) string {
	keys := slices.Sorted(maps.Keys(m))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprint(k) + ": " + strconv.Itoa(m[k])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
