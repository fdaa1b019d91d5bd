package httpadapter_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/httpadapter"
)

// shoutBack is a takeover function that answers each line in capitals
// until the client closes.
func shoutBack(ran *atomic.Bool) iron.UpgradeFunc {
	return func(_ context.Context, conn net.Conn, rw *bufio.ReadWriter) {
		ran.Store(true)
		defer conn.Close()
		for {
			line, err := rw.ReadString('\n')
			if err != nil {
				return
			}
			rw.WriteString(strings.ToUpper(line))
			rw.Flush()
		}
	}
}

// switchTo sends request, then early, on a new connection and returns the
// status line and head fields of the answer, and a reader for the rest.
func switchTo(t *testing.T, base, request string) (*http.Response, net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	require.NoError(t, c.SetDeadline(time.Now().Add(5*time.Second)))
	_, err = io.WriteString(c, request)
	require.NoError(t, err)
	br := bufio.NewReader(c)
	res, err := http.ReadResponse(br, nil)
	require.NoError(t, err)
	return res, c, br
}

// iron.Upgrade and iron.Hijack behave alike on both servers: the same head,
// the same checks, bytes after the request for the new protocol, a request
// body the handler left read first (Upgrade) or left to the function
// (Hijack).
func TestUpgradeOnBothServers(t *testing.T) {
	const ask = "Host: x\r\nConnection: Upgrade\r\nUpgrade: shout\r\n"
	for _, srv := range servers {
		if srv.proto != "HTTP/1.1" {
			continue
		}
		t.Run(srv.name, func(t *testing.T) {
			var ran atomic.Bool
			base, _ := srv.start(t, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
				if req.Path() == "/hijack" {
					return iron.With(iron.Hijack(func(_ context.Context, conn net.Conn, rw *bufio.ReadWriter) {
						defer conn.Close()
						line, _ := rw.ReadString('\n')
						rw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: " + strconv.Itoa(len(line)) + "\r\n\r\n" + line)
						rw.Flush()
					})), nil
				}
				return iron.With(iron.Upgrade("shout", shoutBack(&ran)), http.Header{"X-Switched": {"yes"}}), nil
			}))

			t.Run("Upgrade", func(t *testing.T) {
				res, c, br := switchTo(t, base, "POST /ws HTTP/1.1\r\n"+ask+"Content-Length: 5\r\n\r\nbody\nearly\n")
				assert.Equal(t, http.StatusSwitchingProtocols, res.StatusCode)
				assert.Equal(t, "shout", res.Header.Get("Upgrade"))
				assert.Equal(t, "Upgrade", res.Header.Get("Connection"))
				assert.Equal(t, "yes", res.Header.Get("X-Switched"))
				assert.NotEmpty(t, res.Header.Get("Date"))
				assert.Empty(t, res.Header.Get("Content-Length"))
				line, err := br.ReadString('\n')
				require.NoError(t, err)
				assert.Equal(t, "EARLY\n", line, "the body went first; what followed is the new protocol's")
				io.WriteString(c, "ping\n")
				line, err = br.ReadString('\n')
				require.NoError(t, err)
				assert.Equal(t, "PING\n", line)
			})
			t.Run("Hijack", func(t *testing.T) {
				res, _, br := switchTo(t, base, "POST /hijack HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nbody\n")
				assert.Equal(t, http.StatusOK, res.StatusCode)
				got, _ := io.ReadAll(io.LimitReader(br, 5))
				assert.Equal(t, "body\n", string(got), "the function read the body the handler left")
			})
			t.Run("a switch the request did not ask for", func(t *testing.T) {
				ran.Store(false)
				for _, request := range []string{
					"GET /ws HTTP/1.1\r\nHost: x\r\n\r\n",
					"GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n",
					"GET /ws HTTP/1.0\r\nConnection: Upgrade\r\nUpgrade: shout\r\n\r\n",
				} {
					res, _, _ := switchTo(t, base, request)
					assert.Equal(t, http.StatusInternalServerError, res.StatusCode, request)
				}
				assert.False(t, ran.Load())
			})
		})
	}
}

// An Iron handler that switches works behind net/http middleware linked
// with Around, on both servers.
func TestUpgradeThroughAround(t *testing.T) {
	var ran atomic.Bool
	c := chain.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(iron.Upgrade("shout", shoutBack(&ran))), nil
	}))
	c.LinkAround(httpadapter.Around(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Middleware", "was here")
			next.ServeHTTP(w, r)
		})
	}))
	for _, srv := range servers {
		if srv.proto != "HTTP/1.1" {
			continue
		}
		t.Run(srv.name, func(t *testing.T) {
			base, _ := srv.start(t, c)
			res, conn, br := switchTo(t, base, "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: shout\r\n\r\nearly\n")
			assert.Equal(t, http.StatusSwitchingProtocols, res.StatusCode)
			assert.Equal(t, "shout", res.Header.Get("Upgrade"))
			assert.Equal(t, "was here", res.Header.Get("X-Middleware"))
			line, err := br.ReadString('\n')
			require.NoError(t, err)
			assert.Equal(t, "EARLY\n", line)
			io.WriteString(conn, "ping\n")
			line, err = br.ReadString('\n')
			require.NoError(t, err)
			assert.Equal(t, "PING\n", line)
		})
	}
}

// A middleware that ends the request's context as the handler returns (as
// ext/timeout does) ends it before the server hands the connection over:
// a hijacking net/http handler still gets its connection.
func TestFromHTTPHijackBehindACancellingMiddleware(t *testing.T) {
	for _, srv := range servers {
		if srv.proto != "HTTP/1.1" {
			continue
		}
		t.Run(srv.name, func(t *testing.T) {
			done := make(chan struct{})
			c := chain.New(httpadapter.FromHTTP(upgrade(done, true)))
			c.LinkAround(iron.AroundFunc(func(next iron.Handler) iron.Handler {
				return iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
					ctx, cancel := context.WithCancel(req.Context())
					defer cancel()
					req.SetContext(ctx)
					return next.Handle(req)
				})
			}))
			base, _ := srv.start(t, c)
			res, conn, br := switchTo(t, base, "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n")
			require.Equal(t, http.StatusSwitchingProtocols, res.StatusCode)
			io.WriteString(conn, "ping\n")
			line, err := br.ReadString('\n')
			require.NoError(t, err)
			assert.Equal(t, "PING\n", line)
			conn.Close()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("the hijacking handler did not end with its connection")
			}
		})
	}
}

// When after middleware replaces the response a hijack led to, the client
// gets the replacement, and the net/http handler's Hijack fails.
func TestFromHTTPHijackDroppedByAfterMiddleware(t *testing.T) {
	for _, srv := range servers {
		if srv.proto != "HTTP/1.1" {
			continue
		}
		t.Run(srv.name, func(t *testing.T) {
			t.Parallel()
			hijackErr := make(chan error, 1)
			c := chain.New(httpadapter.FromHTTP(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Upgrade", "echo")
				w.WriteHeader(http.StatusSwitchingProtocols)
				conn, _, err := http.NewResponseController(w).Hijack()
				if conn != nil {
					conn.Close()
				}
				hijackErr <- err
			})))
			c.LinkAfter(iron.AfterFunc(func(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
				return iron.With(http.StatusForbidden, "no switching here"), nil
			}))
			base, _ := srv.start(t, c)
			res, _, _ := switchTo(t, base, "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n")
			assert.Equal(t, http.StatusForbidden, res.StatusCode)
			select {
			case err := <-hijackErr:
				assert.ErrorContains(t, err, "not handed over")
			case <-time.After(10 * time.Second):
				t.Fatal("Hijack did not fail")
			}
		})
	}
}
