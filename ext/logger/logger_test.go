package logger_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/logger"
	"github.com/iron-go/iron/ext/realip"
	"github.com/iron-go/iron/ext/requestid"
)

// capture returns a slog logger writing JSON lines (all levels) to buf, and
// a function that decodes the lines written so far.
func capture(t *testing.T) (*slog.Logger, func() []map[string]any) {
	t.Helper()
	var buf bytes.Buffer
	l := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return l, func() []map[string]any {
		var lines []map[string]any
		for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
			if line == "" {
				continue
			}
			var m map[string]any
			require.NoError(t, json.Unmarshal([]byte(line), &m), line)
			lines = append(lines, m)
		}
		return lines
	}
}

func ok(body string) iron.Handler {
	return iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, body), nil
	})
}

func TestOneLinePerRequest(t *testing.T) {
	sentinel := errors.New("database is down")
	for _, tc := range []struct {
		name    string
		handler iron.Handler
		befores []iron.BeforeMiddleware // linked after the logger
		target  string
		want    map[string]any
		noKeys  []string
	}{
		{
			name:    "ok with body",
			handler: ok("hello"),
			target:  "/greet?name=x",
			want:    map[string]any{"msg": "request", "level": "INFO", "method": "GET", "path": "/greet", "status": 200.0, "bytes": 5.0, "remote": "192.0.2.1:1234"},
			noKeys:  []string{"error", "query", "request_id"},
		},
		{
			name:    "nil response is a 404",
			handler: iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return nil, nil }),
			target:  "/missing",
			want:    map[string]any{"status": 404.0, "bytes": 0.0},
		},
		{
			name: "stream of unknown length",
			handler: iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
				return iron.With(func(w io.Writer) error { _, err := io.WriteString(w, "chunk"); return err }), nil
			}),
			target: "/stream",
			want:   map[string]any{"status": 404.0, "bytes": -1.0},
		},
		{
			name: "handler error with a response",
			handler: iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
				return nil, iron.NewError(sentinel, http.StatusServiceUnavailable, "try later")
			}),
			target: "/fail",
			want:   map[string]any{"status": 503.0, "bytes": 9.0, "error": "database is down"},
		},
		{
			name: "bare error is a 500",
			handler: iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
				return nil, sentinel
			}),
			target: "/fail",
			want:   map[string]any{"status": 500.0, "error": "database is down"},
		},
		{
			name:    "a later before failed",
			handler: ok("never"),
			befores: []iron.BeforeMiddleware{iron.BeforeFunc(func(*iron.Request) error {
				return iron.Errorf(http.StatusUnauthorized, "who are you")
			})},
			target: "/private",
			want:   map[string]any{"status": 401.0, "error": "who are you", "path": "/private"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, lines := capture(t)
			log := logger.New(logger.Logger(out))
			c := chain.New(tc.handler)
			c.LinkBefore(log)
			c.LinkBefore(tc.befores...)
			c.LinkAfter(log)
			_, _ = c.Handle(iron.NewRequest("GET", tc.target, nil))
			got := lines()
			require.Len(t, got, 1, "exactly one line")
			for k, v := range tc.want {
				assert.Equal(t, v, got[0][k], k)
			}
			for _, k := range tc.noKeys {
				assert.NotContains(t, got[0], k)
			}
			assert.Contains(t, got[0], "duration")
		})
	}
}

func TestErrorIsPassedOn(t *testing.T) {
	out, lines := capture(t)
	sentinel := errors.New("x")
	c := chain.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return nil, sentinel }))
	c.Link(logger.New(logger.Logger(out)))
	res, err := c.Handle(iron.NewRequest("GET", "/", nil))
	assert.Nil(t, res)
	assert.ErrorIs(t, err, sentinel, "the logger does not swallow errors")
	assert.Len(t, lines(), 1)
}

func TestRequestIDIsLogged(t *testing.T) {
	out, lines := capture(t)
	rid := requestid.New(requestid.Trust(func(*iron.Request) bool { return true })) // the test is the client
	log := logger.New(logger.Logger(out))
	c := chain.New(ok("x"))
	c.LinkBefore(rid, log)
	c.LinkAfter(rid, log)
	req := iron.NewRequest("GET", "/", nil)
	req.Header().Set("X-Request-ID", "abc-1")
	_, err := c.Handle(req)
	require.NoError(t, err)
	got := lines()
	require.Len(t, got, 1)
	assert.Equal(t, "abc-1", got[0]["request_id"])
}

// Behind a trusted proxy, the line names the client ext/realip found, not
// the proxy; without realip, or from an untrusted peer, the connection's
// peer as before.
func TestRemoteIsTheRealClient(t *testing.T) {
	for _, tc := range []struct {
		name   string
		realip iron.BeforeMiddleware // nil: not linked
		want   string
	}{
		{"no realip", nil, "192.0.2.1:1234"},
		{"trusted proxy", realip.New(realip.TrustedProxies("192.0.2.0/24")), "203.0.113.7"},
		{"untrusted peer", realip.New(realip.TrustedProxies("10.0.0.0/8")), "192.0.2.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, lines := capture(t)
			log := logger.New(logger.Logger(out))
			c := chain.New(ok("x"))
			if tc.realip != nil {
				c.LinkBefore(tc.realip)
			}
			c.Link(log)
			req := iron.NewRequest("GET", "/", nil) // from 192.0.2.1:1234
			req.Header().Set("X-Forwarded-For", "198.51.100.1, 203.0.113.7")
			_, err := c.Handle(req)
			require.NoError(t, err)
			assert.Equal(t, tc.want, lines()[0]["remote"])
		})
	}
}

func TestPathIsTheOneBeforeRewrites(t *testing.T) {
	out, lines := capture(t)
	// A mount-like handler strips its prefix before the logger logs.
	mount := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		req.SetPath(strings.TrimPrefix(req.EscapedPath(), "/api"))
		return iron.With(http.StatusOK, req.EscapedPath()), nil
	})
	c := chain.New(mount).Link(logger.New(logger.Logger(out)))
	_, err := c.Handle(iron.NewRequest("GET", "/api/users%2F7", nil))
	require.NoError(t, err)
	assert.Equal(t, "/api/users%2F7", lines()[0]["path"])
}

func TestFieldsAndMessage(t *testing.T) {
	out, lines := capture(t)
	c := chain.New(ok("x")).Link(logger.New(
		logger.Logger(out),
		logger.Fields(logger.Method|logger.Query|logger.Status),
		logger.Message("served"),
	))
	_, err := c.Handle(iron.NewRequest("POST", "/p?token=t", nil))
	require.NoError(t, err)
	got := lines()[0]
	delete(got, "time")
	assert.Equal(t, map[string]any{"msg": "served", "level": "INFO", "method": "POST", "query": "token=t", "status": 200.0}, got)
}

func TestLevels(t *testing.T) {
	byStatus := logger.StatusLevel(func(status int) slog.Level {
		switch {
		case status >= 500:
			return slog.LevelError
		case status >= 400:
			return slog.LevelWarn
		}
		return slog.LevelDebug
	})
	for _, tc := range []struct {
		name   string
		opt    logger.Option
		status int
		want   string // "" means no line
	}{
		{"default", nil, 200, "INFO"},
		{"fixed level", logger.Level(slog.LevelWarn), 200, "WARN"},
		{"by status 2xx", byStatus, 200, "DEBUG"},
		{"by status 4xx", byStatus, 404, "WARN"},
		{"by status 5xx", byStatus, 502, "ERROR"},
		{"below the handler's level", logger.Level(slog.LevelDebug - 4), 200, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, lines := capture(t)
			h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return iron.With(tc.status), nil })
			c := chain.New(h).Link(logger.New(logger.Logger(out), tc.opt))
			_, err := c.Handle(iron.NewRequest("GET", "/", nil))
			require.NoError(t, err)
			got := lines()
			if tc.want == "" {
				assert.Empty(t, got)
				return
			}
			require.Len(t, got, 1)
			assert.Equal(t, tc.want, got[0]["level"])
		})
	}
}

func TestDurationCoversTheHandler(t *testing.T) {
	out, lines := capture(t)
	slow := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		time.Sleep(20 * time.Millisecond)
		return iron.With(http.StatusOK), nil
	})
	c := chain.New(slow).Link(logger.New(logger.Logger(out), logger.Fields(logger.Duration)))
	_, err := c.Handle(iron.NewRequest("GET", "/", nil))
	require.NoError(t, err)
	// slog's JSON handler writes durations in nanoseconds.
	assert.GreaterOrEqual(t, lines()[0]["duration"], float64(20*time.Millisecond))
}

func TestDefaultOutput(t *testing.T) {
	out, lines := capture(t)
	prev := slog.Default()
	slog.SetDefault(out)
	t.Cleanup(func() { slog.SetDefault(prev) })
	c := chain.New(ok("x")).Link(logger.New())
	_, err := c.Handle(iron.NewRequest("GET", "/", nil))
	require.NoError(t, err)
	assert.Len(t, lines(), 1)
}

func TestSkip(t *testing.T) {
	out, lines := capture(t)
	c := chain.New(ok("x")).Link(logger.New(logger.Logger(out),
		logger.Skip(func(req *iron.Request) bool { return req.Path() == "/healthz" })))
	for _, path := range []string{"/healthz", "/page"} {
		_, err := c.Handle(iron.NewRequest("GET", path, nil))
		require.NoError(t, err)
	}
	require.Len(t, lines(), 1)
	assert.Equal(t, "/page", lines()[0]["path"])
}

// A bad option value panics in New, with an error naming the option and
// the value.
func TestBadOptionsPanic(t *testing.T) {
	for _, tc := range []struct {
		opt  logger.Option
		want string
	}{
		{logger.Logger(nil), "logger: Logger(nil): a logger is required"},
		{logger.StatusLevel(nil), "logger: StatusLevel(nil): a function is required"},
		{logger.Skip(nil), "logger: Skip(nil): a function is required"},
		{logger.Message(""), `logger: Message(""): a message is required`},
		{logger.Fields(1 << 12), "logger: Fields(0x1000): 0x1000 names no field"},
	} {
		assert.PanicsWithError(t, tc.want, func() { logger.New(tc.opt) })
	}
}
