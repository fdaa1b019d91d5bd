package engine_test

import (
	"bufio"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/engine"
)

// TestShedAnswersKeepTheConnection fills the only worker (no queue), then
// sends requests that must be shed: each gets 503 with Retry-After, and the
// connection stays open when the request arrived whole, so that a second
// request on it is read (and shed) as well; it closes when the request's
// body is still on its way, or the client asked to close.
func TestShedAnswersKeepTheConnection(t *testing.T) {
	b := newBlocker()
	e, addr := start(t, b, engine.Workers(1), engine.Queue(engine.NoQueue), quietLogger())
	busy := b.occupy(t, addr)

	for _, tc := range []struct {
		name, method, raw string
		keep              bool
	}{
		{"GET", "GET", "GET /a HTTP/1.1\r\nHost: x\r\n\r\n", true},
		{"HEAD: no body", "HEAD", "HEAD /a HTTP/1.1\r\nHost: x\r\n\r\n", true},
		{"POST with its body", "POST", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello", true},
		{"chunked POST with its body", "POST", "POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", true},
		{"POST whose body has not come", "POST", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n", false},
		{"POST waiting for 100 Continue", "POST", "POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n", false},
		{"Connection: close", "GET", "GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false},
		{"HTTP/1.0", "GET", "GET /a HTTP/1.0\r\n\r\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := dial(t, addr)
			br := bufio.NewReader(c)
			for i := range 2 {
				_, err := io.WriteString(c, tc.raw)
				require.NoError(t, err)
				res, body := readResponse(t, br, tc.method)
				assert.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
				assert.Equal(t, "1", res.Header.Get("Retry-After"))
				assert.Equal(t, "19", res.Header.Get("Content-Length"))
				if tc.method == http.MethodHead {
					assert.Empty(t, body)
				} else {
					assert.Equal(t, "Service Unavailable", body)
				}
				assert.Equal(t, !tc.keep, res.Close, "request %d", i)
				if !tc.keep {
					assert.True(t, closedAfter(br, c), "the connection closes")
					return
				}
			}
		})
	}
	st := e.Stats()
	assert.Equal(t, uint64(12), st.Shed)
	assert.Zero(t, st.Errors, "a shed request is no server error")
	assert.Zero(t, st.Served)

	close(b.release)
	res, body := readResponse(t, bufio.NewReader(busy), "GET")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "done /block", body)
}

// TestShedPipelinedRequests: every request of a pipelined batch that is
// shed is answered, in order, on the connection kept open.
func TestShedPipelinedRequests(t *testing.T) {
	b := newBlocker()
	_, addr := start(t, b, engine.Workers(1), engine.Queue(engine.NoQueue), quietLogger())
	b.occupy(t, addr) // holds the only worker; closed at the end of the test
	defer close(b.release)

	c := dial(t, addr)
	_, err := io.WriteString(c, "GET /1 HTTP/1.1\r\nHost: x\r\n\r\nHEAD /2 HTTP/1.1\r\nHost: x\r\n\r\nGET /3 HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	br := bufio.NewReader(c)
	for _, method := range []string{"GET", "HEAD", "GET"} {
		res, _ := readResponse(t, br, method)
		assert.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
		assert.False(t, res.Close)
	}
}

// TestQueueTimeoutSheds holds the only worker longer than QueueTimeout while
// a request waits in the queue: once a worker takes it, it is answered 503
// instead of being run, and its connection, kept open, serves the next
// request.
func TestQueueTimeoutSheds(t *testing.T) {
	b := newBlocker()
	e, addr := start(t, b, engine.Workers(1), engine.QueueTimeout(100*time.Millisecond), quietLogger())
	busy := b.occupy(t, addr)

	c := dial(t, addr)
	_, err := io.WriteString(c, "GET /late HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	require.Eventually(t, func() bool { return e.Stats().Queued == 1 }, 2*time.Second, time.Millisecond)
	time.Sleep(300 * time.Millisecond)
	close(b.release)
	readResponse(t, bufio.NewReader(busy), "GET")

	br := bufio.NewReader(c)
	res, body := readResponse(t, br, "GET")
	assert.Equal(t, http.StatusServiceUnavailable, res.StatusCode, body)
	assert.False(t, res.Close)
	assert.Equal(t, uint64(1), e.Stats().Shed)
	res, body = get(t, c, br, "/next")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "done /next", body)
}

// TestQueueTimeoutRunsPromptRequests: a request that waited less than
// QueueTimeout runs.
func TestQueueTimeoutRunsPromptRequests(t *testing.T) {
	b := newBlocker()
	e, addr := start(t, b, engine.Workers(1), engine.QueueTimeout(10*time.Second), quietLogger())
	b.occupy(t, addr) // holds the only worker; closed at the end of the test

	c := dial(t, addr)
	_, err := io.WriteString(c, "GET /soon HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	require.Eventually(t, func() bool { return e.Stats().Queued == 1 }, 2*time.Second, time.Millisecond)
	close(b.release)
	res, body := readResponse(t, bufio.NewReader(c), "GET")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "done /soon", body)
	assert.Zero(t, e.Stats().Shed)
}
