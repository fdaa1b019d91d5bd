package engine_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

// zeros reads as an endless run of zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestOverLimitUploadGets413 posts 20 MiB, twice the default body limit, with
// Go's http.Client ten times, with a Content-Length and chunked: the client
// must see the 413 every time, not a broken pipe or a reset.
func TestOverLimitUploadGets413(t *testing.T) {
	for _, chunked := range []bool{false, true} {
		t.Run(fmt.Sprintf("chunked=%v", chunked), func(t *testing.T) {
			_, addr := start(t, echoBody(nil), quietLogger())
			client := &http.Client{Timeout: 20 * time.Second}
			t.Cleanup(client.CloseIdleConnections)
			for i := range 10 {
				var body io.Reader = io.LimitReader(zeros{}, 20<<20)
				req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/", body)
				require.NoError(t, err)
				if !chunked {
					req.ContentLength = 20 << 20
				}
				res, err := client.Do(req)
				require.NoError(t, err, "request %d", i)
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				assert.Equal(t, http.StatusRequestEntityTooLarge, res.StatusCode, "request %d: %s", i, b)
			}
		})
	}
}

// sendAllThenRead is a client that writes its whole request before it reads
// anything, as simple clients do; it returns the answer it then reads.
func sendAllThenRead(t *testing.T, addr, head string, body io.Reader) (*http.Response, string) {
	t.Helper()
	c := dial(t, addr)
	require.NoError(t, c.SetDeadline(time.Now().Add(10*time.Second)))
	_, err := io.WriteString(c, head)
	require.NoError(t, err)
	_, err = io.Copy(c, body)
	require.NoError(t, err, "the server keeps reading until the client could read its answer")
	res, err := http.ReadResponse(bufio.NewReader(c), nil)
	require.NoError(t, err)
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res, string(b)
}

// chunks is a chunked body of n chunks of size bytes, and its last chunk.
func chunks(n, size int) io.Reader {
	return io.MultiReader(chunkData(n, size), strings.NewReader("0\r\n\r\n"))
}

// chunkData is n chunks of size bytes, without the last chunk.
func chunkData(n, size int) io.Reader {
	one := fmt.Sprintf("%x\r\n%s\r\n", size, strings.Repeat("c", size))
	return strings.NewReader(strings.Repeat(one, n))
}

// TestEarlyAnswersReachTheClient sends requests whose answer comes before
// their body was read, from a client that sends everything before it reads:
// the answer must reach it, the connection must close after it, and the
// engine must keep reading (and discarding) meanwhile.
func TestEarlyAnswersReachTheClient(t *testing.T) {
	const size = 4 << 20
	for _, tc := range []struct {
		name       string
		head       string
		body       io.Reader
		wantStatus int
	}{
		{"413 by Content-Length", fmt.Sprintf("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", size),
			io.LimitReader(zeros{}, size), http.StatusRequestEntityTooLarge},
		{"413 while reading chunks", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
			chunks(size/(64<<10), 64<<10), http.StatusRequestEntityTooLarge},
		{"417 for an unknown expectation", fmt.Sprintf("POST /echo HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\nContent-Length: %d\r\n\r\n", size),
			io.LimitReader(zeros{}, size), http.StatusExpectationFailed},
		{"400 for a bad chunk", "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
			io.MultiReader(chunkData(4, 64<<10), strings.NewReader("zz\r\n"), io.LimitReader(zeros{}, size)), http.StatusBadRequest},
		{"handler answers without reading", fmt.Sprintf("POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n", size),
			io.LimitReader(zeros{}, size), http.StatusAccepted},
		{"handler answers without reading chunks", "POST /ignore HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
			chunks(size/(64<<10), 64<<10), http.StatusAccepted},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, addr := start(t, slowHandler(""), engine.MaxBodyBytes(1<<20), quietLogger())
			res, _ := sendAllThenRead(t, addr, tc.head, tc.body)
			assert.Equal(t, tc.wantStatus, res.StatusCode)
			assert.True(t, res.Close, "the answer says the connection closes")
		})
	}
}

// TestShedAnswerReachesTheClient fills the only worker, then sends a request
// with a body from a client that sends it all before reading: the 503 must
// reach it.
func TestShedAnswerReachesTheClient(t *testing.T) {
	b := newBlocker()
	_, addr := start(t, b, engine.Workers(1), engine.Queue(engine.NoQueue), quietLogger())
	b.occupy(t, addr) // holds the only worker; closed at the end of the test
	defer close(b.release)
	res, body := sendAllThenRead(t, addr, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4194304\r\n\r\n", io.LimitReader(zeros{}, 4<<20))
	assert.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
	assert.Equal(t, "Service Unavailable", body)
}

// TestUnreadBodyPastTheDrainBoundCloses checks that a body the handler did
// not read, and that is too long to read and throw away, gets an answer that
// says Connection: close, for a chunked body as for one with a length, and
// that a short one keeps the connection.
func TestUnreadBodyPastTheDrainBoundCloses(t *testing.T) {
	for _, tc := range []struct {
		name      string
		head      string
		body      string
		wantClose bool
	}{
		{"chunked, past the bound", "POST /ignore HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", readAllString(chunks(16, 64<<10)), true},
		{"length, past the bound", "POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 1048576\r\n\r\n", strings.Repeat("c", 1<<20), true},
		{"chunked, within the bound", "POST /ignore HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", readAllString(chunks(2, 64<<10)), false},
		{"length, within the bound", "POST /ignore HTTP/1.1\r\nHost: x\r\nContent-Length: 131072\r\n\r\n", strings.Repeat("c", 128<<10), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, addr := start(t, slowHandler(""), quietLogger())
			c := dial(t, addr)
			require.NoError(t, c.SetDeadline(time.Now().Add(10*time.Second)))
			_, err := io.WriteString(c, tc.head+tc.body)
			require.NoError(t, err)
			br := bufio.NewReader(c)
			res, body := readResponse(t, br, "POST")
			assert.Equal(t, http.StatusAccepted, res.StatusCode)
			assert.Equal(t, "not read", body)
			assert.Equal(t, tc.wantClose, res.Close)
			if tc.wantClose {
				return
			}
			_, err = io.WriteString(c, "GET /next HTTP/1.1\r\nHost: x\r\n\r\n")
			require.NoError(t, err)
			res, body = readResponse(t, br, "GET")
			assert.Equal(t, http.StatusOK, res.StatusCode)
			assert.Equal(t, "fresh", body)
		})
	}
}

func readAllString(r io.Reader) string {
	var b bytes.Buffer
	b.ReadFrom(r)
	return b.String()
}

// TestErrBodyTooLargeIsIronsSentinel checks that a catcher written for
// iron.ErrBodyTooLarge matches the engine's error.
func TestErrBodyTooLargeIsIronsSentinel(t *testing.T) {
	assert.ErrorIs(t, engine.ErrBodyTooLarge, iron.ErrBodyTooLarge)
}
