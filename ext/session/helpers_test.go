package session_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/cookie"
	"github.com/iron-go/iron/ext/session"
	"github.com/iron-go/iron/ext/session/memstore"
	"github.com/iron-go/iron/irontest"
)

var (
	userKey  = session.NewKey[string]("user")
	countKey = session.NewKey[int]("count")
)

// app answers a few paths that use the session the way a site does.
func app(req *iron.Request) (*iron.Response, error) {
	switch req.Path() {
	case "/untouched":
		return iron.With(http.StatusOK, "hello"), nil
	case "/whoami":
		user, ok, err := session.Get(req, userKey)
		if err != nil {
			return nil, err
		}
		if !ok {
			user = "-"
		}
		return iron.With(http.StatusOK, user), nil
	case "/login":
		if err := session.Renew(req); err != nil {
			return nil, err
		}
		if err := session.Set(req, userKey, req.Query().Get("user")); err != nil {
			return nil, err
		}
		return iron.With(http.StatusSeeOther, iron.Redirect("/")), nil
	case "/set":
		if err := session.Set(req, userKey, req.Query().Get("user")); err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, "ok"), nil
	case "/logout":
		if err := session.Destroy(req); err != nil {
			return nil, err
		}
		return iron.With(http.StatusSeeOther, iron.Redirect("/")), nil
	case "/logout-with-notice":
		if err := session.Destroy(req); err != nil {
			return nil, err
		}
		if err := session.Set(req, userKey, "signed-out"); err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, "bye"), nil
	case "/id":
		id, err := session.ID(req)
		if err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, id), nil
	case "/count-then-401":
		n, _, err := session.Get(req, countKey)
		if err != nil {
			return nil, err
		}
		if err := session.Set(req, countKey, n+1); err != nil {
			return nil, err
		}
		return nil, errUnauthorized
	case "/set-then-500":
		if err := session.Set(req, userKey, "half-done"); err != nil {
			return nil, err
		}
		return nil, errors.New("database down")
	case "/big":
		if err := session.Set(req, userKey, strings.Repeat("x", 5000)); err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, "ok"), nil
	}
	return nil, nil
}

// errUnauthorized is shared by every request, as a handler's package-level
// answers are: the middleware must never change it.
var errUnauthorized = iron.NewError(errors.New("wrong password"), http.StatusUnauthorized, "wrong password")

// client is a browser's cookie jar for one site, kept by hand so that tests
// see exactly what the server set.
type client struct {
	t       *testing.T
	h       iron.Handler
	logger  *slog.Logger
	cookies map[string]string
	last    []*http.Cookie // the Set-Cookie lines of the last answer
	scheme  string
}

func newClient(t *testing.T, h iron.Handler) *client {
	return &client{t: t, h: h, logger: slog.New(slog.DiscardHandler), cookies: map[string]string{}, scheme: "http"}
}

// do sends a request with the jar's cookies, keeps the cookies the answer
// sets, and returns the answer's status and body.
func (c *client) do(method, target string) (int, string) {
	c.t.Helper()
	req := iron.NewRequest(method, c.scheme+"://example.com"+target, nil)
	var pairs []string
	for name, value := range c.cookies {
		pairs = append(pairs, name+"="+value)
	}
	if len(pairs) > 0 {
		req.Header().Set("Cookie", strings.Join(pairs, "; "))
	}
	res := irontest.Do(c.h, req)
	c.last = nil
	for _, line := range res.Header.Values("Set-Cookie") {
		set, err := http.ParseSetCookie(line)
		require.NoError(c.t, err, line)
		c.last = append(c.last, set)
		if set.MaxAge < 0 {
			delete(c.cookies, set.Name)
		} else {
			c.cookies[set.Name] = set.Value
		}
	}
	var body bytes.Buffer
	_, err := res.Body().WriteTo(&body)
	require.NoError(c.t, err)
	return res.StatusCode(), body.String()
}

// get sends a GET and returns the body, requiring a 200.
func (c *client) get(target string) string {
	c.t.Helper()
	status, body := c.do("GET", target)
	require.Equal(c.t, http.StatusOK, status, body)
	return body
}

// sessionChain links s in front of app, as a site does.
func sessionChain(s *session.Sessions) *chain.Chain {
	return chain.New(iron.HandlerFunc(app)).Link(s)
}

// countingStore wraps a store, counts its calls, and fails them on demand.
type countingStore struct {
	session.Store
	mu                    sync.Mutex
	loads, saves, deletes int
	fail                  error
	failOp                string // "load", "save", "delete", or "" for all
}

// failing returns the error the operation op must fail with, if any.
func (s *countingStore) failing(op string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch op {
	case "load":
		s.loads++
	case "save":
		s.saves++
	case "delete":
		s.deletes++
	}
	if s.fail != nil && (s.failOp == "" || s.failOp == op) {
		return s.fail
	}
	return nil
}

func (s *countingStore) Load(ctx context.Context, id string) ([]byte, error) {
	if err := s.failing("load"); err != nil {
		return nil, err
	}
	return s.Store.Load(ctx, id)
}

func (s *countingStore) Save(ctx context.Context, id string, data []byte, ttl time.Duration) error {
	if err := s.failing("save"); err != nil {
		return err
	}
	return s.Store.Save(ctx, id, data, ttl)
}

func (s *countingStore) Delete(ctx context.Context, id string) error {
	if err := s.failing("delete"); err != nil {
		return err
	}
	return s.Store.Delete(ctx, id)
}

func (s *countingStore) counts() [3]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return [3]int{s.loads, s.saves, s.deletes}
}

// failWith makes op ("" for every operation) fail with err from now on.
func (s *countingStore) failWith(op string, err error) {
	s.mu.Lock()
	s.fail, s.failOp = err, op
	s.mu.Unlock()
}

// recordError returns h, and where the error h returned last is kept.
func recordError(h iron.Handler) (iron.Handler, *error) {
	var seen error
	return iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		res, err := h.Handle(req)
		seen = err
		return res, err
	}), &seen
}

func newMemStore(t *testing.T) *memstore.Store {
	m := memstore.New()
	t.Cleanup(func() { m.Close() })
	return m
}

func testKeys() [][]byte { return [][]byte{bytes.Repeat([]byte{7}, 32)} }

func testCodec() *cookie.Codec { return cookie.NewEncrypted(testKeys()) }

// kinds returns session middleware over each kind of store, for tests that
// must hold for all of them.
func kinds(t *testing.T, opts ...session.Option) map[string]*session.Sessions {
	return map[string]*session.Sessions{
		"cookie": session.NewCookie(testCodec(), opts...),
		"memory": session.New(newMemStore(t), opts...),
	}
}

// logBuffer returns a logger at Debug level that writes into the buffer.
func logBuffer() (*slog.Logger, *syncBuffer) {
	var b syncBuffer
	return slog.New(slog.NewTextHandler(&b, &slog.HandlerOptions{Level: slog.LevelDebug})), &b
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
