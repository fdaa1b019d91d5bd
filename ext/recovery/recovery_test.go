package recovery_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/recovery"
)

var errSentinel = errors.New("sentinel")

func panicking(v any) iron.Handler {
	return iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { panic(v) })
}

func bodyOf(t *testing.T, res *iron.Response) string {
	t.Helper()
	var b strings.Builder
	_, err := res.Body().WriteTo(&b)
	require.NoError(t, err)
	return b.String()
}

// logLines decodes the JSON lines in buf.
func logLines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var lines []map[string]any
	dec := json.NewDecoder(buf)
	for {
		var m map[string]any
		if err := dec.Decode(&m); err == io.EOF {
			return lines
		} else {
			require.NoError(t, err)
		}
		lines = append(lines, m)
	}
}

func TestPanicsBecomeErrors(t *testing.T) {
	teapot := recovery.Responder(func(req *iron.Request, err error) *iron.Response {
		if _, ok := errors.AsType[*recovery.PanicError](err); !ok {
			return nil
		}
		return iron.With(http.StatusTeapot, iron.JSON, `{"error":"oops","path":"`+req.Path()+`"}`)
	})
	for _, tc := range []struct {
		name       string
		value      any
		opts       []recovery.Option
		wantStatus int
		wantBody   string
		wantPanic  string
		wantIs     error
		wantStack  bool
	}{
		{name: "string", value: "kaboom", wantStatus: 500, wantBody: "Internal Server Error", wantPanic: "kaboom", wantStack: true},
		{name: "error value", value: errSentinel, wantStatus: 500, wantBody: "Internal Server Error", wantPanic: "sentinel", wantIs: errSentinel, wantStack: true},
		{name: "custom responder", value: 42, opts: []recovery.Option{teapot}, wantStatus: 418, wantBody: `{"error":"oops","path":"/p"}`, wantPanic: "42", wantStack: true},
		{
			name:  "responder declines",
			value: "x",
			opts: []recovery.Option{recovery.Responder(func(*iron.Request, error) *iron.Response {
				return nil
			})},
			wantStatus: 500, wantBody: "Internal Server Error", wantPanic: "x", wantStack: true,
		},
		{
			name:  "responder without a status",
			value: "x",
			opts: []recovery.Option{recovery.Responder(func(*iron.Request, error) *iron.Response {
				return iron.With(iron.JSON, `{"error":"internal"}`)
			})},
			wantStatus: 500, wantBody: `{"error":"internal"}`, wantPanic: "x", wantStack: true,
		},
		{name: "no stack", value: "quiet", opts: []recovery.Option{recovery.Stack(false)}, wantStatus: 500, wantBody: "Internal Server Error", wantPanic: "quiet"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			opts := append([]recovery.Option{recovery.Logger(slog.New(slog.NewJSONHandler(&buf, nil)))}, tc.opts...)
			c := chain.New(panicking(tc.value)).LinkAround(recovery.New(opts...))

			res, err := c.Handle(iron.NewRequest("GET", "/p", nil))
			assert.Nil(t, res)
			require.Error(t, err)

			pe, ok := errors.AsType[*recovery.PanicError](err)
			require.True(t, ok, "the error is a *PanicError")
			assert.Equal(t, tc.value, pe.Value)
			if tc.wantIs != nil {
				assert.ErrorIs(t, err, tc.wantIs)
			}
			sent := iron.ErrorResponse(err)
			assert.Equal(t, tc.wantStatus, sent.StatusCode())
			assert.Equal(t, tc.wantBody, bodyOf(t, sent))

			lines := logLines(t, &buf)
			require.Len(t, lines, 1)
			assert.Equal(t, "ERROR", lines[0]["level"])
			assert.Equal(t, tc.wantPanic, lines[0]["panic"])
			assert.Equal(t, "/p", lines[0]["path"])
			if tc.wantStack {
				assert.Contains(t, lines[0]["stack"], "panicking", "the stack names the panicking function")
				assert.Contains(t, string(pe.Stack), "panicking")
			} else {
				assert.NotContains(t, lines[0], "stack")
				assert.Empty(t, pe.Stack)
			}
		})
	}
}

func TestNoPanicPassesThrough(t *testing.T) {
	for _, tc := range []struct {
		name    string
		handler iron.Handler
		status  int
		err     error
	}{
		{"response", iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return iron.With(http.StatusCreated), nil }), 201, nil},
		{"error", iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return nil, errSentinel }), 0, errSentinel},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := recovery.New().Around(tc.handler).Handle(iron.NewRequest("GET", "/", nil))
			assert.Equal(t, tc.err, err)
			if tc.status != 0 {
				require.NotNil(t, res)
				assert.Equal(t, tc.status, res.Status)
			}
		})
	}
}

func TestAbortHandlerIsNotRecovered(t *testing.T) {
	h := recovery.New().Around(panicking(http.ErrAbortHandler))
	assert.PanicsWithValue(t, http.ErrAbortHandler, func() {
		_, _ = h.Handle(iron.NewRequest("GET", "/", nil))
	})
}

func TestCatchersSeeThePanic(t *testing.T) {
	// An after middleware's catcher (a logger, say) sees the panic as an
	// error with a 500 response.
	var seen int
	catcher := catchAfter(func(req *iron.Request, err error) (*iron.Response, error) {
		seen = iron.ErrorResponse(err).StatusCode()
		return nil, err
	})
	c := chain.New(panicking("x")).LinkAround(recovery.New(recovery.Logger(discard()))).LinkAfter(catcher)
	_, err := c.Handle(iron.NewRequest("GET", "/", nil))
	require.Error(t, err)
	assert.Equal(t, 500, seen)
}

func TestWrappingTheWholeChain(t *testing.T) {
	rec := recovery.New(recovery.Logger(discard()))
	c := chain.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return iron.With(200), nil }))
	c.LinkBefore(iron.BeforeFunc(func(*iron.Request) error { panic("in a before") }))
	res, err := rec.Around(c).Handle(iron.NewRequest("GET", "/", nil))
	assert.Nil(t, res)
	assert.Equal(t, 500, iron.ErrorResponse(err).StatusCode())
}

type catchAfter func(req *iron.Request, err error) (*iron.Response, error)

func (f catchAfter) After(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
	return res, nil
}
func (f catchAfter) CatchAfter(req *iron.Request, err error) (*iron.Response, error) {
	return f(req, err)
}

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

// A bad option value panics in New, with an error naming the option.
func TestBadOptionsPanic(t *testing.T) {
	assert.PanicsWithError(t, "recovery: Logger(nil): a logger is required", func() { recovery.New(recovery.Logger(nil)) })
	assert.PanicsWithError(t, "recovery: Responder(nil): a function is required", func() { recovery.New(recovery.Responder(nil)) })
	assert.NotPanics(t, func() { recovery.New(nil, recovery.Stack(false)) }, "nil options are skipped")
}
