package proxytest_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptrace"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// payload is the bytes every request body is a prefix of.
var payload = func() []byte {
	b := make([]byte, 20<<20)
	for i := range b {
		b[i] = byte(i*7 + i>>11)
	}
	return b
}()

// bodyCase is a request body: its size and framing.
type bodyCase struct {
	name    string
	size    int
	chunked bool
}

// want is the outcome the echo upstream gives the body: its echo, or 413.
func (bc bodyCase) want() string {
	if bc.size > bodyLimit {
		return strconv.Itoa(http.StatusRequestEntityTooLarge)
	}
	return "200"
}

var bodyCases = []bodyCase{
	{"1MiB", 1 << 20, false},
	{"20MiB", 20 << 20, false},
	{"1MiB-chunked", 1 << 20, true},
	{"20MiB-chunked", 20 << 20, true},
}

// tally counts the outcomes of requests by a short key: a status ("200",
// "413", "502"), "200 wrong echo", "error: <kind>", or
// reusedErrorPrefix+"<kind>" for a request that failed on a kept-alive
// connection. It also counts the requests the client sent again.
type tally struct {
	mu      sync.Mutex
	n       map[string]int
	retried int
}

func (t *tally) add(key string, retried bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.n == nil {
		t.n = map[string]int{}
	}
	t.n[key]++
	if retried {
		t.retried++
	}
}

// counts returns a copy of the counts.
func (t *tally) counts() map[string]int {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]int, len(t.n))
	for k, v := range t.n {
		out[k] = v
	}
	return out
}

// String lists the counts in a stable order: "413×12, error: broken
// pipe×8 (1 sent again)".
func (t *tally) String() string {
	m := t.counts()
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s×%d", k, m[k])
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.retried > 0 {
		fmt.Fprintf(&b, " (%d sent again after a reused connection closed)", t.retried)
	}
	return b.String()
}

const reusedErrorPrefix = "error on a reused connection: "

// send posts one body of bc to url and returns the outcome's key and
// whether the client had to send the request more than once.
//
// Like a browser, the client sends a request again, on a new connection, when
// a kept-alive connection it reused closed before any byte of an answer
// (RFC 9112 section 9.3.1; the request carries an Idempotency-Key, so that
// the Go client does so itself in the cases it recognises). nginx needs
// that: it answers an early 413 with "Connection: keep-alive" when it has
// not read the whole body yet, then closes the connection some 10-40 ms
// later, whatever the upstream did, and a client that reused it in between
// loses its next request. A request that fails on a new connection, or
// after part of an answer, is not sent again.
func send(ctx context.Context, c *http.Client, url string, bc bodyCase, id string) (string, bool) {
	const attempts = 3
	for i := 1; ; i++ {
		outcome, retryable := sendOnce(ctx, c, url, bc, id)
		if !retryable || i == attempts {
			return outcome, i > 1
		}
	}
}

// sendOnce posts one body of bc to url. retryable reports a failure on a
// reused connection before any byte of an answer.
func sendOnce(ctx context.Context, c *http.Client, url string, bc bodyCase, id string) (outcome string, retryable bool) {
	body := func() io.Reader {
		r := bytes.NewReader(payload[:bc.size])
		if bc.chunked {
			return struct{ io.Reader }{r} // no Len: the client sends it chunked
		}
		return r
	}
	var reused, answered atomic.Bool
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn:              func(info httptrace.GotConnInfo) { reused.Store(info.Reused) },
		GotFirstResponseByte: func() { answered.Store(true) },
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url+"/echo", body())
	if err != nil {
		return "error: " + err.Error(), false
	}
	req.Header.Set("Content-Type", "application/octet-stream")
	req.Header.Set("Idempotency-Key", id)
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(body()), nil }
	if bc.chunked {
		req.ContentLength = -1
	}
	res, err := c.Do(req)
	if err != nil {
		if reused.Load() && !answered.Load() {
			return reusedErrorPrefix + errorKind(err), true
		}
		return "error: " + errorKind(err), false
	}
	defer res.Body.Close()
	got, err := io.ReadAll(res.Body)
	if err != nil {
		return strconv.Itoa(res.StatusCode) + " error reading: " + errorKind(err), false
	}
	if res.StatusCode == http.StatusOK {
		sum := sha256.Sum256(payload[:bc.size])
		if string(got) != echoOf(int64(bc.size), sum[:]) {
			return "200 wrong echo", false
		}
	}
	return strconv.Itoa(res.StatusCode), false
}

// errorKind names a client error briefly, for the tally.
func errorKind(err error) string {
	switch {
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset"
	case errors.Is(err, syscall.EPIPE):
		return "broken pipe"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "EOF"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case strings.Contains(err.Error(), "use of closed network connection"):
		return "connection closed while sending"
	case strings.Contains(err.Error(), "server closed idle connection"):
		return "server closed idle connection"
	}
	return err.Error()
}

// sendAll sends n bodies of bc to url: the first half one after the other
// (on one kept-alive connection when the server allows), the rest parallel
// at a time.
func sendAll(c *http.Client, url string, bc bodyCase, n, parallel int) *tally {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	var tl tally
	seq := n / 2
	for i := range seq {
		tl.add(send(ctx, c, url, bc, bc.name+"-"+strconv.Itoa(i)))
	}
	work := make(chan int, n-seq)
	for i := seq; i < n; i++ {
		work <- i
	}
	close(work)
	var wg sync.WaitGroup
	for range parallel {
		wg.Go(func() {
			for i := range work {
				tl.add(send(ctx, c, url, bc, bc.name+"-"+strconv.Itoa(i)))
			}
		})
	}
	wg.Wait()
	return &tl
}
