package engine_test

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
)

// Handlers that ask for the request's context take the socket's read side
// from the connection's standing wait for the disconnect watch, request
// after request on the same keep-alive connection. Every request is
// answered, in time: none is left to a connection nobody waits on.
func TestKeepAliveRequestsWithContexts(t *testing.T) {
	_, addr := start(t, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if err := req.Context().Err(); err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, req.Path()), nil
	}))
	const conns, perConn = 8, 400
	var wg sync.WaitGroup
	errs := make(chan error, conns)
	for i := range conns {
		wg.Go(func() {
			c := dial(t, addr)
			br := bufio.NewReader(c)
			for j := range perConn {
				path := fmt.Sprintf("/c%d/r%d", i, j)
				c.SetDeadline(time.Now().Add(5 * time.Second))
				if _, err := io.WriteString(c, "GET "+path+" HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
					errs <- fmt.Errorf("request %d on connection %d: %w", j, i, err)
					return
				}
				res, err := http.ReadResponse(br, nil)
				if err != nil {
					errs <- fmt.Errorf("request %d on connection %d: no answer: %w", j, i, err)
					return
				}
				body, err := io.ReadAll(res.Body)
				res.Body.Close()
				if err != nil || string(body) != path {
					errs <- fmt.Errorf("request %d on connection %d: body %q, %v", j, i, body, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		assert.NoError(t, err)
	}
	require.Empty(t, errs)
}
