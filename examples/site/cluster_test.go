package main

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/internal/redistest"
)

// Two instances on one Redis, as behind a load balancer: a browser signed in
// on one is signed in on the other, sees the notes it added there, and its
// sign-in attempts count on both.
func TestInstancesShareState(t *testing.T) {
	srv := redistest.Start(t)
	cfg := config{redisAddr: srv.Addr, trustedProxies: []string{"127.0.0.1"}}
	a, b := startSite(t, cfg), startSite(t, cfg)
	onA := newClient(t, a.base)
	onB := onA.at(b.base)

	onA.signIn("alice", "wonderland")
	me := onB.get("/api/me")
	require.Equal(t, http.StatusOK, me.StatusCode, "signed in on A, read on B")
	assert.Equal(t, `{"username":"alice"}`, me.body)

	added := onB.postJSON("/api/notes", `{"text":"written on B","priority":1}`)
	require.Equal(t, http.StatusCreated, added.StatusCode, added.body)
	n := decode[Note](t, added)
	assert.Equal(t, []Note{n}, decode[[]Note](t, onA.get("/api/notes")), "read on A")
	assert.Contains(t, onA.get("/").body, "written on B")

	// IDs are unique across instances: INCR in Redis.
	ids := map[int64]bool{n.ID: true}
	for i := range 10 {
		c := []*client{onA, onB}[i%2]
		got := decode[Note](t, c.postJSON("/api/notes", `{"text":"n`+strconv.Itoa(i)+`","priority":1}`))
		assert.False(t, ids[got.ID], "ID %d given twice", got.ID)
		ids[got.ID] = true
	}
	assert.Len(t, decode[[]Note](t, onB.get("/api/notes")), 11)

	// Deleted on A, gone on B.
	path := "/api/notes/" + strconv.FormatInt(n.ID, 10)
	require.Equal(t, http.StatusNoContent, onA.do(http.MethodDelete, path, nil).StatusCode)
	assert.Equal(t, http.StatusNotFound, onB.get(path).StatusCode)

	// Signed out on B (with a token from B's page), signed out on A.
	require.Equal(t, http.StatusSeeOther, onB.postForm("/logout", map[string][]string{"csrf_token": {onB.token()}}).StatusCode)
	assert.Equal(t, http.StatusUnauthorized, onA.get("/api/me").StatusCode)

	// Five attempts a minute in all, whichever instance gets them.
	guesser := newClient(t, a.base)
	for i := range loginAttempts {
		c := []*client{guesser, guesser.at(b.base)}[i%2]
		require.Equal(t, http.StatusUnauthorized, c.login("bob", "guess").StatusCode, "attempt %d", i+1)
	}
	assert.Equal(t, http.StatusTooManyRequests, guesser.at(b.base).login("bob", "builder").StatusCode)
	assert.Equal(t, http.StatusTooManyRequests, guesser.login("bob", "builder").StatusCode)
}

// Redis stopping under a running site: every request that needs it gets a
// clear 503 within its bounds, the failure is logged, a write is never
// reported done, and the site keeps running (and stops cleanly).
func TestRedisDown(t *testing.T) {
	srv := redistest.Start(t)
	s := startSite(t, config{redisAddr: srv.Addr, trustedProxies: []string{"127.0.0.1"}})
	alice := newClient(t, s.base)
	alice.signIn("alice", "wonderland")
	n := decode[Note](t, alice.postJSON("/api/notes", `{"text":"kept","priority":1}`))
	visitor := newClient(t, s.base)
	token := visitor.token()

	srv.Stop()

	for _, tc := range []struct {
		name string
		a    func() answer
		want string
	}{
		{"a page", func() answer { return alice.get("/") }, "session store unavailable"},
		{"the API", func() answer { return alice.get("/api/notes") }, "session store unavailable"},
		{"a new note", func() answer { return alice.postJSON("/api/notes", `{"text":"lost?","priority":1}`) }, "unavailable"},
		{"a deletion", func() answer { return alice.do(http.MethodDelete, "/api/notes/"+strconv.FormatInt(n.ID, 10), nil) }, "unavailable"},
		{"a sign-in", func() answer {
			return visitor.postForm("/login", map[string][]string{"username": {"bob"}, "password": {"builder"}, "csrf_token": {token}})
		}, "Service Unavailable"},
		{"readiness", func() answer { return alice.get("/readyz") }, `"redis"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.a()
			assert.Equal(t, http.StatusServiceUnavailable, a.StatusCode, a.body)
			assert.Contains(t, a.body, tc.want)
			if tc.name != "readiness" {
				assert.NotEmpty(t, a.Header.Get("Retry-After"), "when to try again")
				lines := s.logs.requestLines(t, a.Header.Get("X-Request-Id"))
				require.Len(t, lines, 1, "the request's log line")
				assert.Equal(t, 503.0, lines[0]["status"])
				assert.NotEmpty(t, lines[0]["error"], "with the cause")
			}
		})
	}

	// The failure itself is logged, naming what failed.
	var storeErrors int
	for _, line := range s.logs.lines(t) {
		if line["level"] == "ERROR" && strings.Contains(line["msg"].(string)+" "+stringOf(line["error"]), "session") {
			storeErrors++
		}
	}
	assert.Positive(t, storeErrors, "an ERROR line for the session store")

	// The process lives on: what needs no Redis is served.
	assert.Equal(t, http.StatusOK, alice.get("/healthz").StatusCode)
	assert.Equal(t, http.StatusOK, alice.get("/static/site.css").StatusCode)
}

func stringOf(v any) string {
	s, _ := v.(string)
	return s
}

// failingNotes is a notes store that cannot answer.
type failingNotes struct{}

var errNotesDown = errors.New("connection refused")

func (failingNotes) Add(context.Context, string, Note) (Note, error) { return Note{}, errNotesDown }
func (failingNotes) List(context.Context, string) ([]Note, error)    { return nil, errNotesDown }
func (failingNotes) Get(context.Context, string, int64) (Note, bool, error) {
	return Note{}, false, errNotesDown
}
func (failingNotes) Delete(context.Context, string, int64) (bool, error) { return false, errNotesDown }

// A notes store that fails while sessions work: 503 in JSON, never a 201
// for a note that was not kept, and the cause in the log line.
func TestNotesStoreDown(t *testing.T) {
	logs := &logSink{}
	s, err := newSite(config{secret: testSecret, log: jsonLog(logs)}, nil)
	require.NoError(t, err)
	t.Cleanup(func() { s.close() })
	s.notes = failingNotes{}
	c := newClient(t, "http://"+serveEngine(t, s))
	c.signIn("alice", "wonderland")

	for _, a := range []answer{
		c.postJSON("/api/notes", `{"text":"x","priority":1}`),
		c.get("/api/notes"),
		c.get("/api/notes/1"),
		c.do(http.MethodDelete, "/api/notes/1", nil),
		c.get("/"),
	} {
		assert.Equal(t, http.StatusServiceUnavailable, a.StatusCode, a.body)
		assert.Equal(t, "1", a.Header.Get("Retry-After"))
		assert.JSONEq(t, `{"error":"the notes store is unavailable, try again later"}`, a.body)
		lines := logs.requestLines(t, a.Header.Get("X-Request-Id"))
		require.Len(t, lines, 1)
		assert.Equal(t, "site: notes store: connection refused", lines[0]["error"])
	}
}

// Without Redis, sessions live in a cookie encrypted under the secret:
// instances given the same secret share them, one with another secret sees a
// cookie it cannot read as no session at all.
func TestCookieSessionsNeedTheSameSecret(t *testing.T) {
	a := startSite(t, config{secret: testSecret})
	b := startSite(t, config{secret: testSecret})
	other := startSite(t, config{secret: strings.Repeat("another secret, as long. ", 2)})
	c := newClient(t, a.base)
	c.signIn("bob", "builder")
	assert.Equal(t, `{"username":"bob"}`, c.at(b.base).get("/api/me").body, "same secret")
	assert.Equal(t, http.StatusUnauthorized, c.at(other.base).get("/api/me").StatusCode, "another secret")
	assert.Equal(t, http.StatusOK, c.at(other.base).get("/").StatusCode, "a fresh session, not an error")
}

// Without a secret (and without Redis) the site makes one for itself, and
// says loudly what that means.
func TestGeneratedSecret(t *testing.T) {
	a, b := startSite(t, config{}), startSite(t, config{})
	var warned bool
	for _, line := range a.logs.lines(t) {
		if line["level"] == "WARN" && strings.Contains(line["msg"].(string), "OTHER INSTANCES WILL NOT SHARE THEM") {
			warned = true
		}
	}
	assert.True(t, warned, "a warning that sessions are not shared")
	c := newClient(t, a.base)
	c.signIn("alice", "wonderland")
	assert.Equal(t, http.StatusOK, c.get("/api/me").StatusCode)
	assert.Equal(t, http.StatusUnauthorized, c.at(b.base).get("/api/me").StatusCode, "each has its own key")
}
