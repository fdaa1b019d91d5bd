package rawhttp_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/iron-go/iron/benchmarks/peers/internal/contract"
	"github.com/iron-go/iron/benchmarks/peers/internal/rawhttp"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// serve starts the raw server on a loopback port; the cleanup closes the
// listener and waits for Serve to return.
func serve(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var wg sync.WaitGroup
	wg.Go(func() { _ = rawhttp.Serve(ln) })
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	return ln.Addr().String()
}

// exchange writes raw to a new connection and returns every answer the
// server sends until it closes the connection or want answers have come,
// and whether the server closed the connection after them.
func exchange(t *testing.T, addr, raw string, want int) (answers []*http.Response, bodies []string, closed bool) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.SetDeadline(time.Now().Add(5*time.Second)))
	_, err = io.WriteString(c, raw)
	require.NoError(t, err)
	br := bufio.NewReader(c)
	for range want {
		res, err := http.ReadResponse(br, &http.Request{Method: methodOf(raw, len(answers))})
		require.NoError(t, err)
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		answers, bodies = append(answers, res), append(bodies, string(b))
	}
	require.NoError(t, c.SetReadDeadline(time.Now().Add(200*time.Millisecond)))
	_, err = br.ReadByte()
	var ne net.Error
	// A server that closes with unread input resets the connection.
	closed = errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET)
	if !closed {
		require.True(t, errors.As(err, &ne) && ne.Timeout(), "after the answers: %v", err)
	}
	return answers, bodies, closed
}

// methodOf returns the method of the i-th request in raw (for HEAD's
// bodiless answer).
func methodOf(raw string, i int) string {
	for part := range strings.SplitSeq(raw, "\r\n\r\n") {
		part = strings.TrimLeft(part, "\r\nxyz") // bodies in these tests are x, y, z
		if part == "" {
			continue
		}
		if i == 0 {
			m, _, _ := strings.Cut(part, " ")
			return m
		}
		i--
	}
	return "GET"
}

func TestServesTheContract(t *testing.T) {
	addr := serve(t)
	ctx := context.Background()
	require.NoError(t, contract.Check(ctx, addr, contract.Endpoints))
	require.NoError(t, contract.CheckPipelined(ctx, addr, contract.Endpoints, 64, 5*time.Second))
}

func TestRequestBoundaries(t *testing.T) {
	addr := serve(t)
	for _, tc := range []struct {
		name     string
		raw      string
		statuses []int
		bodies   []string
		closed   bool
	}{
		{"keep-alive: the connection stays open",
			"GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n",
			[]int{200}, []string{"Hello, World!"}, false},
		{"Connection: close is honoured",
			"GET /plaintext HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
			[]int{200}, []string{"Hello, World!"}, true},
		{"HTTP/1.0 closes by default",
			"GET /json HTTP/1.0\r\n\r\n",
			[]int{200}, []string{`{"message":"Hello, World!"}`}, true},
		{"HTTP/1.0 with keep-alive stays open",
			"GET /user/7 HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n",
			[]int{200}, []string{"7"}, false},
		{"a Content-Length body is skipped, the next request answered",
			"GET /user/1 HTTP/1.1\r\nContent-Length: 1\r\n\r\nxGET /user/2 HTTP/1.1\r\ncontent-length:2\r\n\r\nyyGET /user/3 HTTP/1.1\r\n\r\n",
			[]int{200, 200, 200}, []string{"1", "2", "3"}, false},
		{"pipelined requests are answered in order",
			"GET /json HTTP/1.1\r\n\r\nGET /user/abc HTTP/1.1\r\n\r\nGET /nope HTTP/1.1\r\n\r\nGET /plaintext HTTP/1.1\r\nConnection: close\r\n\r\n",
			[]int{200, 200, 404, 200}, []string{`{"message":"Hello, World!"}`, "abc", "Not Found", "Hello, World!"}, true},
		{"a query is not part of the path",
			"GET /user/9?x=1 HTTP/1.1\r\n\r\n", []int{200}, []string{"9"}, false},
		{"HEAD: headers without the body",
			"HEAD /plaintext HTTP/1.1\r\n\r\nGET /user/5 HTTP/1.1\r\n\r\n",
			[]int{200, 200}, []string{"", "5"}, false},
		{"/user/ without an id is not found",
			"GET /user/ HTTP/1.1\r\n\r\nGET /user/a/b HTTP/1.1\r\n\r\n", []int{404, 404}, []string{"Not Found", "Not Found"}, false},
		{"other methods: 405, the body skipped",
			"POST /plaintext HTTP/1.1\r\nContent-Length: 1\r\n\r\nzGET /user/4 HTTP/1.1\r\n\r\n",
			[]int{405, 200}, []string{"Method Not Allowed", "4"}, false},
		{"a chunked body: 501 and close",
			"POST /plaintext HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n",
			[]int{501}, []string{"Not Implemented"}, true},
		{"garbage: 400 and close",
			"HELLO\r\n\r\n", []int{400}, []string{"Bad Request"}, true},
		{"a header without a colon: 400 and close",
			"GET /plaintext HTTP/1.1\r\nHost x\r\n\r\n", []int{400}, []string{"Bad Request"}, true},
		{"conflicting Content-Lengths: 400 and close",
			"GET /plaintext HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx", []int{400}, []string{"Bad Request"}, true},
		{"HTTP/2.0 in a request line: 400",
			"GET /plaintext HTTP/2.0\r\n\r\n", []int{400}, []string{"Bad Request"}, true},
		{"a header line longer than the buffer: 431",
			"GET /plaintext HTTP/1.1\r\nX-Big: " + strings.Repeat("a", 5000) + "\r\n\r\n",
			[]int{431}, []string{"Request Header Fields Too Large"}, true},
		{"bare LF line endings are read",
			"GET /user/lf HTTP/1.1\nHost: x\n\n", []int{200}, []string{"lf"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			answers, bodies, closed := exchange(t, addr, tc.raw, len(tc.statuses))
			for i, res := range answers {
				assert.Equal(t, tc.statuses[i], res.StatusCode, "answer %d", i)
				assert.Equal(t, tc.bodies[i], bodies[i], "answer %d", i)
				date, err := http.ParseTime(res.Header.Get("Date"))
				if assert.NoError(t, err, "answer %d has a Date", i) {
					assert.WithinDuration(t, time.Now(), date, 5*time.Second)
				}
			}
			assert.Equal(t, tc.closed, closed, "connection closed after the answers")
			if tc.closed {
				assert.True(t, answers[len(answers)-1].Close, "the last answer says Connection: close")
			}
		})
	}
}

func TestHeadKeepsContentLength(t *testing.T) {
	addr := serve(t)
	answers, _, _ := exchange(t, addr, "HEAD /plaintext HTTP/1.1\r\n\r\n", 1)
	assert.Equal(t, "13", answers[0].Header.Get("Content-Length"))
	assert.Equal(t, "text/plain; charset=utf-8", answers[0].Header.Get("Content-Type"))
}

// writeCounter counts the writes a server makes on a connection.
type writeCounter struct {
	net.Conn
	writes atomic.Int32
}

func (c *writeCounter) Write(p []byte) (int, error) {
	c.writes.Add(1)
	return c.Conn.Write(p)
}

// A batch of pipelined requests is answered with one write.
func TestPipelinedAnswersComeInOneWrite(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	require.NoError(t, err)
	defer client.Close()
	server, err := ln.Accept()
	require.NoError(t, err)
	counted := &writeCounter{Conn: server}

	// The batch is on its way before the server reads: one read takes it all.
	_, err = io.WriteString(client, strings.Repeat("GET /plaintext HTTP/1.1\r\n\r\n", 16))
	require.NoError(t, err)
	time.Sleep(50 * time.Millisecond)
	done := make(chan struct{})
	go func() { rawhttp.ServeConn(counted); close(done) }()

	require.NoError(t, client.SetDeadline(time.Now().Add(5*time.Second)))
	br := bufio.NewReader(client)
	for i := range 16 {
		res, err := http.ReadResponse(br, nil)
		require.NoError(t, err, "answer %d", i)
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		assert.Equal(t, http.StatusOK, res.StatusCode)
	}
	client.Close()
	<-done
	assert.Equal(t, int32(1), counted.writes.Load(), "16 answers, one write")
}
