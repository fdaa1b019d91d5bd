package iron_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/iron-go/iron"
)

func TestRespond(t *testing.T) {
	for _, tc := range []struct {
		name       string
		handler    iron.HandlerFunc
		wantStatus int
		wantBody   string
		wantLog    []string
	}{
		{"response", func(*iron.Request) (*iron.Response, error) { return iron.With(201, "made"), nil }, 201, "made", nil},
		{"nil response is an empty 404", func(*iron.Request) (*iron.Response, error) { return nil, nil }, 404, "", nil},
		{"iron.Error", func(*iron.Request) (*iron.Response, error) { return nil, iron.Errorf(422, "bad") }, 422, "bad",
			[]string{"level=DEBUG", "status=422"}},
		{"bare error", func(*iron.Request) (*iron.Response, error) { return nil, errors.New("secret detail") }, 500,
			"Internal Server Error", []string{"level=ERROR", "secret detail", "path=/p"}},
		{"panic", func(*iron.Request) (*iron.Response, error) { panic("boom") }, 500, "Internal Server Error",
			[]string{"level=ERROR", "panic=boom", "stack=", "respond_test.go"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			res := iron.Respond(tc.handler, iron.NewRequest("GET", "/p", nil), logger)
			assert.Equal(t, tc.wantStatus, res.StatusCode())
			assert.Equal(t, tc.wantBody, bodyOf(t, res))
			for _, s := range tc.wantLog {
				assert.Contains(t, logs.String(), s)
			}
			if tc.wantLog == nil {
				assert.Empty(t, logs.String())
			}
		})
	}
}

func TestRespondKeepsServingAfterPanic(t *testing.T) {
	calls := 0
	h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		calls++
		if calls == 1 {
			panic("first")
		}
		return iron.With(200, "fine"), nil
	})
	quiet := slog.New(slog.DiscardHandler)
	assert.Equal(t, 500, iron.Respond(h, iron.NewRequest("GET", "/", nil), quiet).StatusCode())
	assert.Equal(t, 200, iron.Respond(h, iron.NewRequest("GET", "/", nil), quiet).StatusCode())
}

type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

// A handler that returns a response with its error drops that response: its
// file (or any closer) is released, not left to the garbage collector.
func TestRespondClosesDroppedBody(t *testing.T) {
	body := &closeRecorder{Reader: strings.NewReader("unsent")}
	h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(200, body), errors.New("failed late")
	})
	res := iron.Respond(h, iron.NewRequest("GET", "/", nil), slog.New(slog.DiscardHandler))
	assert.Equal(t, 500, res.StatusCode())
	assert.True(t, body.closed)
}

// Every bare error gets its own 500, so no middleware can change another's.
func TestErrorResponseIsFresh(t *testing.T) {
	a := iron.ErrorResponse(errors.New("a"))
	b := iron.ErrorResponse(errors.New("b"))
	assert.NotSame(t, a, b)
}

// Logging a failed request does not make the request's context: that would
// cost the engine a context and a disconnect watch for every 404 a router
// reports.
func TestRespondMakesNoContextToLog(t *testing.T) {
	made := 0
	req := new(iron.Request)
	req.Reset(&iron.Incoming{Method: "GET", Target: "/", NewContext: func() context.Context {
		made++
		return context.Background()
	}})
	h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return nil, iron.Errorf(404, "no") })
	quiet := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
	assert.Equal(t, 404, iron.Respond(h, req, quiet).StatusCode())
	assert.Zero(t, made)

	var logs bytes.Buffer
	loud := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	iron.Respond(h, req, loud)
	assert.Zero(t, made)
	assert.Contains(t, logs.String(), "status=404", "the line is written all the same")
}
