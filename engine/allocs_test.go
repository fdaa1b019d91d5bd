package engine_test

import (
	"bufio"
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
)

// TestServingAllocatesNothing sends requests over one keep-alive
// connection, plain and pipelined, to a handler that answers with a
// response made once: in steady state the engine allocates nothing for
// them (the client here allocates nothing either).
func TestServingAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes pools drop what they hold")
	}
	shared := iron.With(http.StatusOK, "Hello, World!")
	_, addr := start(t, iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return shared, nil }))
	c := dial(t, addr)
	one := "GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: test\r\nAccept: */*\r\n\r\n"
	_, err := io.WriteString(c, one)
	require.NoError(t, err)
	res, body := readResponse(t, bufio.NewReader(c), "GET")
	require.Equal(t, "Hello, World!", body)
	// Every answer has the same length: the Date has a fixed width.
	size := len("HTTP/1.1 200 OK\r\n\r\n") + len(body)
	for name, vs := range res.Header {
		size += len(name) + len(": \r\n") + len(vs[0])
	}
	require.Equal(t, strconv.Itoa(len(body)), res.Header.Get("Content-Length"))
	for _, depth := range []int{1, 16} {
		req := []byte{}
		for range depth {
			req = append(req, one...)
		}
		answers := make([]byte, depth*size)
		cycle := func() {
			if _, err := c.Write(req); err != nil {
				t.Fatal(err)
			}
			if _, err := io.ReadFull(c, answers); err != nil {
				t.Fatal(err)
			}
		}
		for range 50 {
			cycle() // warm the pools
		}
		assert.Zero(t, testing.AllocsPerRun(200, cycle), "%d per write", depth)
	}
}
