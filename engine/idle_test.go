package engine_test

import (
	"bufio"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
)

// TestIdleTimeoutCountsFromTheAnswer serves a request whose handler runs
// most of an idle timeout, then waits most of an idle timeout before the
// next request on the same connection: the connection must still be open,
// for the idle time counts from the answer, not from the request. (The
// engine checks an idle connection's deadline when the one set passes, and
// sets it again from the time the last turn ended.)
func TestIdleTimeoutCountsFromTheAnswer(t *testing.T) {
	const idle = time.Second
	_, addr := start(t, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if req.EscapedPath() == "/slow" {
			time.Sleep(idle * 8 / 10)
		}
		return iron.With(http.StatusOK, "ok "+req.EscapedPath()), nil
	}), idleAndHeader(idle, idle))
	c := dial(t, addr)
	require.NoError(t, c.SetDeadline(time.Now().Add(10*time.Second)))
	br := bufio.NewReader(c)
	for i, tc := range []struct {
		path  string
		pause time.Duration // before the request
	}{
		{"/slow", 0},
		{"/next", idle * 7 / 10},
	} {
		time.Sleep(tc.pause)
		_, err := fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", tc.path)
		require.NoError(t, err)
		res, body := readResponse(t, br, "GET")
		assert.Equal(t, http.StatusOK, res.StatusCode, "request %d", i)
		assert.Equal(t, "ok "+tc.path, body)
	}
	assert.True(t, closedAfter(br, c), "and closed once idle for longer")
}
