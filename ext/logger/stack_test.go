package logger_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/klauspost/compress/gzip"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/compress"
	"github.com/iron-go/iron/ext/cors"
	"github.com/iron-go/iron/ext/logger"
	"github.com/iron-go/iron/ext/recovery"
	"github.com/iron-go/iron/ext/requestid"
	"github.com/iron-go/iron/ext/timeout"
	"github.com/iron-go/iron/internal/servetest"
)

// lockedBuffer is a log destination that server goroutines write while the
// test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// requestLines returns the logger's lines ("msg":"request") so far.
func (b *lockedBuffer) requestLines(t *testing.T) []map[string]any {
	b.mu.Lock()
	defer b.mu.Unlock()
	var lines []map[string]any
	for line := range strings.SplitSeq(strings.TrimSpace(b.buf.String()), "\n") {
		if line == "" {
			continue
		}
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &m), line)
		if m["msg"] == "request" {
			lines = append(lines, m)
		}
	}
	return lines
}

// stack is the serving middleware of this module linked as an application
// would link them, around a small application.
func stack(t *testing.T, out *slog.Logger) iron.Handler {
	page := strings.Repeat("<p>served by the whole stack</p>\n", 64)
	app := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		switch req.Path() {
		case "/page":
			return iron.With(http.StatusOK, iron.TextHTML, page), nil
		case "/panic":
			panic("handler bug")
		case "/slow":
			<-req.Context().Done()
			return nil, req.Context().Err()
		}
		return nil, nil
	})
	rid := requestid.New(requestid.Trust(func(*iron.Request) bool { return true })) // the test's client names its requests
	to := timeout.New(50*time.Millisecond, timeout.Status(http.StatusGatewayTimeout))
	comp := compress.New()
	crs := cors.New(cors.AllowedOrigins("https://app.example.com"), cors.ExposedHeaders("X-Request-ID"))
	log := logger.New(logger.Logger(out))

	c := chain.New(app)
	c.LinkBefore(rid, log)
	c.LinkAround(recovery.New(recovery.Logger(out)), to)
	c.LinkAfter(comp, rid, log)
	return crs.Around(c) // preflights are answered before the chain
}

func TestTheServingStack(t *testing.T) {
	for _, srv := range servetest.Both {
		t.Run(srv.Name, func(t *testing.T) {
			var logs lockedBuffer
			base := "http://" + srv.Start(t, stack(t, slog.New(slog.NewJSONHandler(&logs, nil))))
			client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableCompression: true}}
			t.Cleanup(client.CloseIdleConnections)

			for _, tc := range []struct {
				name       string
				method     string
				path       string
				sentID     string
				preflight  bool
				wantStatus int
				wantLogged bool
				wantError  string
			}{
				{name: "page", method: "GET", path: "/page", sentID: "client-7", wantStatus: 200, wantLogged: true},
				{name: "not found", method: "GET", path: "/nothing", wantStatus: 404, wantLogged: true},
				{name: "panic", method: "GET", path: "/panic", wantStatus: 500, wantLogged: true, wantError: "recovery: panic: handler bug"},
				{name: "timeout", method: "GET", path: "/slow", wantStatus: 504, wantLogged: true, wantError: "timeout: handler deadline exceeded"},
				{name: "preflight", method: "OPTIONS", path: "/page", preflight: true, wantStatus: 204},
			} {
				t.Run(tc.name, func(t *testing.T) {
					before := len(logs.requestLines(t))
					req, err := http.NewRequest(tc.method, base+tc.path, nil)
					require.NoError(t, err)
					req.Header.Set("Accept-Encoding", "gzip")
					req.Header.Set("Origin", "https://app.example.com")
					if tc.sentID != "" {
						req.Header.Set("X-Request-ID", tc.sentID)
					}
					if tc.preflight {
						req.Header.Set("Access-Control-Request-Method", "PUT")
					}
					res, err := client.Do(req)
					require.NoError(t, err)
					body, err := io.ReadAll(res.Body)
					require.NoError(t, err)
					require.NoError(t, res.Body.Close())

					assert.Equal(t, tc.wantStatus, res.StatusCode)
					assert.Equal(t, "https://app.example.com", res.Header.Get("Access-Control-Allow-Origin"), "CORS on every answer")
					if tc.preflight {
						assert.Empty(t, res.Header.Get("X-Request-ID"), "preflights never enter the chain")
						assert.Len(t, logs.requestLines(t), before, "nor its log")
						return
					}
					id := res.Header.Get("X-Request-ID")
					require.NotEmpty(t, id, "the identifier is echoed, on errors too")
					if tc.sentID != "" {
						assert.Equal(t, tc.sentID, id)
					}
					if tc.path == "/page" {
						assert.Equal(t, "gzip", res.Header.Get("Content-Encoding"))
						zr, err := gzip.NewReader(bytes.NewReader(body))
						require.NoError(t, err)
						plain, err := io.ReadAll(zr)
						require.NoError(t, err)
						assert.Contains(t, string(plain), "served by the whole stack")
					}

					lines := logs.requestLines(t)
					require.Len(t, lines, before+1, "one line per request")
					line := lines[before]
					assert.Equal(t, tc.path, line["path"])
					assert.Equal(t, float64(tc.wantStatus), line["status"])
					assert.Equal(t, id, line["request_id"])
					assert.Regexp(t, `^127\.0\.0\.1:\d+$`, line["remote"])
					if tc.wantError != "" {
						assert.Contains(t, line["error"], tc.wantError)
					} else {
						assert.NotContains(t, line, "error")
					}
				})
			}
		})
	}
}
