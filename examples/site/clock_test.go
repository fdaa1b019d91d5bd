package main

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readEvents reads n events of an event stream, as "event" and "data".
func readEvents(t *testing.T, r *bufio.Reader, n int) []map[string]string {
	t.Helper()
	var events []map[string]string
	ev := map[string]string{}
	for len(events) < n {
		line, err := r.ReadString('\n')
		require.NoError(t, err, "after %d events", len(events))
		line = strings.TrimRight(line, "\r\n")
		switch {
		case line == "":
			if len(ev) > 0 {
				events = append(events, ev)
				ev = map[string]string{}
			}
		case strings.HasPrefix(line, ":"): // a comment (heartbeat)
		default:
			name, value, _ := strings.Cut(line, ":")
			ev[name] = strings.TrimPrefix(value, " ")
		}
	}
	return events
}

// GET /api/clock: a "tick" with the server's time, at once and every second.
func testClock(t *testing.T, s *instance) {
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.base+"/api/clock", nil)
	require.NoError(t, err)
	req.Header.Set("Accept-Encoding", "gzip") // the stream is never compressed
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "text/event-stream", res.Header.Get("Content-Type"))
	assert.Equal(t, "no-cache", res.Header.Get("Cache-Control"))
	assert.Empty(t, res.Header.Get("Content-Encoding"))

	events := readEvents(t, bufio.NewReader(res.Body), 3)
	var last time.Time
	for i, ev := range events {
		if i == 0 {
			assert.Equal(t, "2000", ev["retry"], "browsers reconnect after 2 s")
		}
		assert.Equal(t, "tick", ev["event"])
		at, err := time.Parse(time.RFC3339, ev["data"])
		require.NoError(t, err, "the server time, RFC 3339: %q", ev["data"])
		assert.WithinDuration(t, time.Now(), at, time.Minute)
		assert.False(t, at.Before(last), "in order")
		last = at
	}
}
