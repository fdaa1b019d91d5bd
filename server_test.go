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

// get is the Incoming of a plain GET /.
var get = &iron.Incoming{Method: "GET", Target: "/"}

// requestFor returns the request of a new slot reset with in, as a server
// would make it.
func requestFor(in *iron.Incoming) *iron.Request {
	s := new(iron.Slot)
	s.Reset(in)
	return s.Request()
}

func TestSlotRespond(t *testing.T) {
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
			[]string{"level=ERROR", "panic=boom", "stack=", "server_test.go"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			var slot iron.Slot
			slot.Reset(&iron.Incoming{Method: "GET", Target: "/p"})
			res := slot.Respond(tc.handler, logger)
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

func TestSlotRespondKeepsServingAfterPanic(t *testing.T) {
	calls := 0
	h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		calls++
		if calls == 1 {
			panic("first")
		}
		return iron.With(200, "fine"), nil
	})
	quiet := slog.New(slog.DiscardHandler)
	var slot iron.Slot
	slot.Reset(get)
	assert.Equal(t, 500, slot.Respond(h, quiet).StatusCode())
	slot.Reset(get)
	assert.Equal(t, 200, slot.Respond(h, quiet).StatusCode())
}

type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

// A handler that returns a response with its error drops that response: its
// file (or any closer) is released, not left to the garbage collector.
func TestSlotRespondClosesDroppedBody(t *testing.T) {
	body := &closeRecorder{Reader: strings.NewReader("unsent")}
	h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(200, body), errors.New("failed late")
	})
	var slot iron.Slot
	slot.Reset(get)
	res := slot.Respond(h, slog.New(slog.DiscardHandler))
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
func TestSlotRespondMakesNoContextToLog(t *testing.T) {
	made := 0
	var slot iron.Slot
	slot.Reset(&iron.Incoming{Method: "GET", Target: "/", NewContext: func() context.Context {
		made++
		return context.Background()
	}})
	h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return nil, iron.Errorf(404, "no") })
	quiet := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
	assert.Equal(t, 404, slot.Respond(h, quiet).StatusCode())
	assert.Zero(t, made)

	var logs bytes.Buffer
	loud := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	slot.Respond(h, loud)
	assert.Zero(t, made)
	assert.Contains(t, logs.String(), "status=404", "the line is written all the same")
}
