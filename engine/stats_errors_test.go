package engine_test

import (
	"bufio"
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

// Stats.Errors counts each answer of 500 or more once, whatever made it one.
func TestStatsCountsEachFailedAnswerOnce(t *testing.T) {
	for _, tc := range []struct {
		name       string
		res        *iron.Response
		wantStatus int
		wantErrors uint64
	}{
		{"ok", iron.With(200, "fine"), 200, 0},
		{"handler's 503", iron.With(503, "busy"), 503, 1},
		{"503 with a refused header", iron.With(503, http.Header{"X-Bad": {"a\r\nb"}}), 500, 1},
		{"200 with a refused header", iron.With(200, http.Header{"X-Bad": {"a\nb"}}), 500, 1},
		{"a status of four digits", &iron.Response{Status: 1000}, 500, 1},
		{"an interim status", &iron.Response{Status: 101}, 500, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, addr := start(t, iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return tc.res, nil }),
				quietLogger())
			c := dial(t, addr)
			_, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
			require.NoError(t, err)
			res, _ := readResponse(t, bufio.NewReader(c), "GET")
			assert.Equal(t, tc.wantStatus, res.StatusCode)
			assert.Equal(t, tc.wantErrors, e.Stats().Errors)
		})
	}
}

// syncBuffer is a log destination safe for the engine's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestClientGoneIsNotAServerError lets a client hang up while its handler
// waits on the request's context and then returns the context's error: that
// is counted in Stats.ClientClosed, not in Errors, and logged below the
// error level.
func TestClientGoneIsNotAServerError(t *testing.T) {
	var logs syncBuffer
	entered := make(chan struct{})
	returned := make(chan struct{})
	e, addr := start(t, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		defer close(returned)
		close(entered)
		<-req.Context().Done()
		return nil, req.Context().Err()
	}), engine.Logger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	c := dial(t, addr)
	_, err := io.WriteString(c, "GET /wait HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	<-entered
	require.NoError(t, c.Close())
	<-returned
	require.Eventually(t, func() bool { return e.Stats().ClientClosed == 1 }, 2*time.Second, 5*time.Millisecond, "%+v", e.Stats())
	assert.Zero(t, e.Stats().Errors)
	assert.NotContains(t, logs.String(), "level=ERROR")
	assert.Contains(t, logs.String(), "context canceled", "still logged, at a lower level")
}

// TestBodyTimeoutIs408 lets a client stop in the middle of a body: the
// answer is 408 Request Timeout, whether the engine was still buffering the
// body or the handler was reading it.
func TestBodyTimeoutIs408(t *testing.T) {
	for _, tc := range []struct{ name, raw string }{
		{"while buffered", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n012"},
		{"while the handler reads", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n" + strings.Repeat("a", 300<<10)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, addr := start(t, slowHandler(""), engine.ReadTimeout(300*time.Millisecond), quietLogger())
			c := dial(t, addr)
			_, err := io.WriteString(c, tc.raw)
			require.NoError(t, err)
			res, _ := readResponse(t, bufio.NewReader(c), "POST")
			assert.Equal(t, http.StatusRequestTimeout, res.StatusCode)
			assert.True(t, res.Close)
		})
	}
}

// failingReader fails after its first read.
type failingReader struct{ reads int }

func (r *failingReader) Read(p []byte) (int, error) {
	r.reads++
	if r.reads > 1 {
		return 0, io.ErrClosedPipe
	}
	return copy(p, "partial"), nil
}

// TestFailingBodyKeepsEarlierAnswers pipelines a request whose answer is
// short and one whose body fails while it is written: the first answer
// arrives whole, the second is cut (no last chunk), the connection closes,
// and the failure is counted as a server error.
func TestFailingBodyKeepsEarlierAnswers(t *testing.T) {
	e, addr := start(t, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if req.EscapedPath() == "/fail" {
			return iron.With(http.StatusOK, iron.ReaderBody(&failingReader{}, -1)), nil
		}
		return iron.With(http.StatusOK, "ok"), nil
	}), quietLogger())
	out := exchange(t, addr, "GET /ok HTTP/1.1\r\nHost: x\r\n\r\nGET /fail HTTP/1.1\r\nHost: x\r\n\r\n")
	br := bufio.NewReader(strings.NewReader(out))
	_, body := readResponse(t, br, "GET")
	assert.Equal(t, "ok", body)
	res, err := http.ReadResponse(br, nil)
	require.NoError(t, err, "the second answer's head was sent: %q", out)
	_, err = io.ReadAll(res.Body)
	assert.Error(t, err, "the second answer is cut: %q", out)
	assert.Equal(t, uint64(1), e.Stats().Errors)
}
