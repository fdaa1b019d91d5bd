package httpadapter_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/httpadapter"
	"github.com/iron-go/iron/internal/proxytest"
	"github.com/iron-go/iron/internal/selfsigned"
)

// The WebSocket suite: a real WebSocket library (github.com/coder/websocket)
// on both ends, through every way Iron switches a connection: a net/http
// handler under FromHTTP and an Iron handler with iron.Upgrade, each on the
// engine (plain and TLS), under http.Server through Handler, and behind
// nginx.

// wsEnd is how the server side of a WebSocket ended: the close status it
// saw or sent, and what its own Close returned (nil once the close
// handshake completed).
type wsEnd struct {
	status   websocket.StatusCode
	closeErr error
}

// wsEcho serves c until it ends: it echoes every message, closes with 1008
// Policy Violation on the text message "violate", and with 1001 Going Away
// when ctx ends (the server shuts down). It reports how it ended.
func wsEcho(ctx context.Context, c *websocket.Conn, ends chan<- wsEnd) {
	c.SetReadLimit(2 << 20)
	var once sync.Once
	report := func(e wsEnd) { once.Do(func() { ends <- e }) }
	stop := context.AfterFunc(ctx, func() {
		report(wsEnd{websocket.StatusGoingAway, c.Close(websocket.StatusGoingAway, "server shutting down")})
	})
	defer stop()
	for {
		// Not ctx: coder/websocket drops the connection, with no close
		// handshake, when a read's context ends.
		typ, data, err := c.Read(context.Background())
		if err != nil {
			if stop() {
				report(wsEnd{status: websocket.CloseStatus(err)})
			}
			c.CloseNow()
			return
		}
		if typ == websocket.MessageText && string(data) == "violate" {
			if stop() {
				report(wsEnd{websocket.StatusPolicyViolation, c.Close(websocket.StatusPolicyViolation, "no")})
			}
			return
		}
		if err := c.Write(context.Background(), typ, data); err != nil {
			c.CloseNow()
			return
		}
	}
}

var noCompression = &websocket.AcceptOptions{CompressionMode: websocket.CompressionDisabled}

// fromHTTPEcho is a WebSocket endpoint as a net/http handler: coder/websocket
// sets its headers, writes 101 and hijacks.
func fromHTTPEcho(ends chan<- wsEnd) iron.Handler {
	return httpadapter.FromHTTP(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := websocket.Accept(w, r, noCompression)
		if err != nil {
			return
		}
		wsEcho(r.Context(), c, ends)
	}))
}

// nativeEcho is a WebSocket endpoint as an Iron handler: it answers the
// handshake with iron.Upgrade, and the server writes the 101 head. The
// WebSocket protocol is then coder/websocket's, which takes a connection
// only from a Hijacker: alreadySwitched gives it the one the server handed
// over.
func nativeEcho(ends chan<- wsEnd) iron.Handler {
	return iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if !strings.EqualFold(req.HeaderValue("Upgrade"), "websocket") {
			return iron.With(http.StatusUpgradeRequired, http.Header{"Upgrade": {"websocket"}}), nil
		}
		hr := &http.Request{Method: req.Method(), URL: req.URL(), Proto: req.Proto(), ProtoMajor: 1, ProtoMinor: 1,
			Header: req.Header().Clone(), Host: req.Host()}
		sum := sha1.Sum([]byte(req.HeaderValue("Sec-WebSocket-Key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"))
		return iron.With(http.Header{"Sec-WebSocket-Accept": {base64.StdEncoding.EncodeToString(sum[:])}},
			iron.Upgrade("websocket", func(ctx context.Context, conn net.Conn, rw *bufio.ReadWriter) {
				c, err := websocket.Accept(&alreadySwitched{conn: conn, rw: rw}, hr, noCompression)
				if err != nil {
					conn.Close()
					return
				}
				wsEcho(ctx, c, ends)
			})), nil
	})
}

// alreadySwitched is the http.ResponseWriter coder/websocket's Accept gets
// for a connection whose 101 head the server has written: what Accept
// writes goes nowhere, and Hijack returns the connection.
type alreadySwitched struct {
	header http.Header
	conn   net.Conn
	rw     *bufio.ReadWriter
}

func (s *alreadySwitched) Header() http.Header {
	if s.header == nil {
		s.header = make(http.Header)
	}
	return s.header
}
func (s *alreadySwitched) Write(p []byte) (int, error) { return len(p), nil }
func (s *alreadySwitched) WriteHeader(int)             {}
func (s *alreadySwitched) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return s.conn, s.rw, nil
}

// wsTarget is a server that speaks WebSocket, and how to reach it.
type wsTarget struct {
	url    string       // ws:// or wss://
	client *http.Client // for the handshake
	ends   chan wsEnd
}

// wsServers are the ways to serve a WebSocket endpoint that the suite runs
// through. Over TLS it echoes the first 2,000 messages only (one of 1 MiB
// among them), to keep the suite short under the race detector.
var wsServers = []struct {
	name     string
	start    func(t *testing.T) wsTarget
	messages int
}{
	{"engine/FromHTTP", func(t *testing.T) wsTarget { return wsEngine(t, fromHTTPEcho, nil) }, 10_000},
	{"engine/iron.Upgrade", func(t *testing.T) wsTarget { return wsEngine(t, nativeEcho, nil) }, 10_000},
	{"engine TLS/FromHTTP", func(t *testing.T) wsTarget {
		return wsEngine(t, fromHTTPEcho, &tls.Config{Certificates: []tls.Certificate{selfsigned.Certificate(t)}})
	}, 2_000},
	{"engine TLS/iron.Upgrade", func(t *testing.T) wsTarget {
		return wsEngine(t, nativeEcho, &tls.Config{Certificates: []tls.Certificate{selfsigned.Certificate(t)}})
	}, 2_000},
	{"http.Server/FromHTTP", func(t *testing.T) wsTarget { return wsNetHTTP(t, fromHTTPEcho) }, 10_000},
	{"http.Server/iron.Upgrade", func(t *testing.T) wsTarget { return wsNetHTTP(t, nativeEcho) }, 10_000},
	{"nginx/engine/FromHTTP", func(t *testing.T) wsTarget { return wsNginx(t, wsEngine(t, fromHTTPEcho, nil)) }, 10_000},
	{"nginx/engine/iron.Upgrade", func(t *testing.T) wsTarget { return wsNginx(t, wsEngine(t, nativeEcho, nil)) }, 10_000},
}

// wsEngine serves the endpoint on the engine, over TLS when cfg is set.
func wsEngine(t *testing.T, endpoint func(chan<- wsEnd) iron.Handler, cfg *tls.Config, opts ...engine.Option) wsTarget {
	t.Helper()
	ends := make(chan wsEnd, 16)
	if cfg != nil {
		opts = append(opts, engine.TLSConfig(cfg))
	}
	base, client := serveEngine(t, endpoint(ends), opts...)
	target := wsTarget{url: "ws" + strings.TrimPrefix(base, "http"), client: client, ends: ends}
	if cfg != nil {
		pool := x509.NewCertPool()
		pool.AddCert(cfg.Certificates[0].Leaf)
		client.Transport = &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
		t.Cleanup(client.CloseIdleConnections)
		target.url = "wss" + strings.TrimPrefix(base, "http")
	}
	return target
}

// wsNetHTTP serves the endpoint under http.Server through Handler.
func wsNetHTTP(t *testing.T, endpoint func(chan<- wsEnd) iron.Handler) wsTarget {
	t.Helper()
	ends := make(chan wsEnd, 16)
	base, client := serve(t, httpadapter.Handler(endpoint(ends), httpadapter.Logger(quiet)))
	return wsTarget{url: "ws" + strings.TrimPrefix(base, "http"), client: client, ends: ends}
}

// wsNginx puts nginx, letting upgrades through, in front of target.
func wsNginx(t *testing.T, target wsTarget) wsTarget {
	t.Helper()
	upstream := strings.TrimPrefix(target.url, "ws://")
	p := proxytest.Nginx(t, []string{upstream}, proxytest.WebSocket())
	target.url = "ws://" + p.Addr
	target.client = &http.Client{Transport: &http.Transport{}}
	t.Cleanup(target.client.CloseIdleConnections)
	return target
}

// dialWS opens a WebSocket to target, closed (at once) when the test ends.
func dialWS(t *testing.T, ctx context.Context, target wsTarget) *websocket.Conn {
	t.Helper()
	c, res, err := websocket.Dial(ctx, target.url+"/ws", &websocket.DialOptions{
		HTTPClient: target.client, CompressionMode: websocket.CompressionDisabled})
	require.NoError(t, err)
	assert.Equal(t, http.StatusSwitchingProtocols, res.StatusCode)
	c.SetReadLimit(2 << 20)
	t.Cleanup(func() { c.CloseNow() })
	return c
}

// wsMessages are the messages of the echo test, made once: text and binary
// in turn, mostly small (0 to 1 KiB, every tenth empty), every 200th 64
// KiB, every 2000th 1 MiB.
var wsMessages = sync.OnceValue(func() []wsMessage {
	rnd := rand.New(rand.NewPCG(1, 2))
	msgs := make([]wsMessage, 10_000)
	for i := range msgs {
		size := (i * 37) % 1025
		switch {
		case i%2000 == 1999:
			size = 1 << 20
		case i%200 == 100:
			size = 64 << 10
		case i%10 == 0:
			size = 0
		}
		p := make([]byte, size)
		typ := websocket.MessageBinary
		if i%2 == 0 {
			typ = websocket.MessageText
			for j := range p {
				p[j] = 'a' + byte(j%26)
			}
		} else {
			var v uint64
			for j := range p {
				if j%8 == 0 {
					v = rnd.Uint64()
				}
				p[j] = byte(v >> (8 * (j % 8)))
			}
		}
		msgs[i] = wsMessage{typ, p}
	}
	return msgs
})

type wsMessage struct {
	typ websocket.MessageType
	p   []byte
}

func TestWebSocket(t *testing.T) {
	for _, srv := range wsServers {
		t.Run(srv.name, func(t *testing.T) {
			target := srv.start(t)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()

			t.Run(fmt.Sprintf("echo of %d mixed messages, with pings", srv.messages), func(t *testing.T) {
				c := dialWS(t, ctx, target)
				sent := make(chan error, 1)
				msgs := wsMessages()[:srv.messages]
				go func() {
					for i, m := range msgs {
						if err := c.Write(ctx, m.typ, m.p); err != nil {
							sent <- err
							return
						}
						if i%1000 == 0 {
							// The pong comes back through the reader below.
							if err := c.Ping(ctx); err != nil {
								sent <- fmt.Errorf("ping: %w", err)
								return
							}
						}
					}
					sent <- nil
				}()
				for i, m := range msgs {
					typ, got, err := c.Read(ctx)
					require.NoError(t, err, "message %d", i)
					require.Equal(t, m.typ, typ, "message %d", i)
					require.True(t, bytes.Equal(m.p, got), "message %d: %d bytes back for %d", i, len(got), len(m.p))
				}
				require.NoError(t, <-sent)

				require.NoError(t, c.Close(websocket.StatusNormalClosure, "done"), "the close handshake completes")
				end := <-target.ends
				assert.Equal(t, websocket.StatusNormalClosure, end.status)
			})

			t.Run("policy violation", func(t *testing.T) {
				c := dialWS(t, ctx, target)
				require.NoError(t, c.Write(ctx, websocket.MessageText, []byte("violate")))
				_, _, err := c.Read(ctx)
				assert.Equal(t, websocket.StatusPolicyViolation, websocket.CloseStatus(err), "%v", err)
				end := <-target.ends
				assert.Equal(t, websocket.StatusPolicyViolation, end.status)
				assert.NoError(t, end.closeErr, "the server's close handshake completes")
			})
		})
	}
}

// Shutdown tells switched connections through their context: the server
// says goodbye with 1001 Going Away, the close handshake completes, and
// Shutdown returns once the WebSocket handlers have.
func TestWebSocketShutdownGoingAway(t *testing.T) {
	for _, tc := range []struct {
		name     string
		endpoint func(chan<- wsEnd) iron.Handler
	}{
		{"FromHTTP", fromHTTPEcho},
		{"iron.Upgrade", nativeEcho},
	} {
		t.Run("engine/"+tc.name, func(t *testing.T) {
			ends := make(chan wsEnd, 4)
			l, err := net.Listen("tcp", "127.0.0.1:0")
			require.NoError(t, err)
			e := engine.New(tc.endpoint(ends), engine.Logger(quiet))
			served := make(chan error, 1)
			go func() { served <- e.Serve(l) }()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			c := dialWS(t, ctx, wsTarget{url: "ws://" + l.Addr().String(), client: &http.Client{}})
			require.NoError(t, c.Write(ctx, websocket.MessageText, []byte("hi")))
			_, _, err = c.Read(ctx)
			require.NoError(t, err)
			assert.Equal(t, 1, e.Stats().Upgraded)
			assert.Equal(t, 0, e.Stats().Conns, "a switched connection is no longer the engine's")

			read := make(chan error, 1)
			go func() { _, _, err := c.Read(ctx); read <- err }()
			require.NoError(t, e.Shutdown(ctx), "Shutdown returns once the WebSocket handler has")
			assert.Equal(t, websocket.StatusGoingAway, websocket.CloseStatus(<-read))
			end := <-ends
			assert.Equal(t, websocket.StatusGoingAway, end.status)
			assert.NoError(t, end.closeErr, "the close handshake completes")
			assert.Equal(t, 0, e.Stats().Upgraded)
			assert.Equal(t, uint64(1), e.Stats().Upgrades)
			assert.ErrorIs(t, <-served, engine.ErrServerClosed)
		})
		t.Run("http.Server/"+tc.name, func(t *testing.T) {
			ends := make(chan wsEnd, 4)
			l, err := net.Listen("tcp", "127.0.0.1:0")
			require.NoError(t, err)
			srv := &http.Server{Handler: httpadapter.Handler(tc.endpoint(ends), httpadapter.Logger(quiet))}
			served := make(chan error, 1)
			go func() { served <- srv.Serve(l) }()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			c := dialWS(t, ctx, wsTarget{url: "ws://" + l.Addr().String(), client: &http.Client{}})
			require.NoError(t, c.Write(ctx, websocket.MessageText, []byte("hi")))
			_, _, err = c.Read(ctx)
			require.NoError(t, err)

			read := make(chan error, 1)
			go func() { _, _, err := c.Read(ctx); read <- err }()
			require.NoError(t, srv.Shutdown(ctx))
			// net/http's Shutdown does not wait for hijacked connections;
			// the handler still says goodbye.
			assert.Equal(t, websocket.StatusGoingAway, websocket.CloseStatus(<-read))
			end := <-ends
			assert.Equal(t, websocket.StatusGoingAway, end.status)
			assert.NoError(t, end.closeErr)
			assert.ErrorIs(t, <-served, http.ErrServerClosed)
		})
	}
}

// A thousand open WebSockets hold no worker: with 8 workers, each socket
// echoes, and a plain request is still answered while all are open.
func TestWebSocketsHoldNoWorker(t *testing.T) {
	const sockets = 1000
	for _, tc := range []struct {
		name     string
		endpoint func(chan<- wsEnd) iron.Handler
	}{
		{"FromHTTP", fromHTTPEcho},
		{"iron.Upgrade", nativeEcho},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ends := make(chan wsEnd, sockets)
			mux := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
				if req.Path() == "/plain" {
					return iron.With(http.StatusOK, "still here"), nil
				}
				return tc.endpoint(ends).Handle(req)
			})
			l, err := net.Listen("tcp", "127.0.0.1:0")
			require.NoError(t, err)
			e := engine.New(mux, engine.Logger(quiet), engine.Workers(8))
			served := make(chan error, 1)
			go func() { served <- e.Serve(l) }()
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			target := wsTarget{url: "ws://" + l.Addr().String(), client: &http.Client{Transport: &http.Transport{}}}

			conns := make([]*websocket.Conn, sockets)
			for i := range conns {
				conns[i] = dialWS(t, ctx, target)
				require.NoError(t, conns[i].Write(ctx, websocket.MessageText, []byte("open")))
			}
			for i, c := range conns {
				_, got, err := c.Read(ctx)
				require.NoError(t, err, "socket %d", i)
				require.Equal(t, "open", string(got))
			}
			st := e.Stats()
			assert.Equal(t, sockets, st.Upgraded)
			assert.Equal(t, 0, st.WorkersBusy, "no socket holds a worker")

			res, body := do(t, target.client, newRequest(t, "GET", "http://"+l.Addr().String()+"/plain", nil))
			assert.Equal(t, http.StatusOK, res.StatusCode)
			assert.Equal(t, "still here", body)
			target.client.CloseIdleConnections()

			// Every socket still echoes.
			for i, c := range conns {
				require.NoError(t, c.Write(ctx, websocket.MessageBinary, []byte{byte(i)}))
			}
			for i, c := range conns {
				_, got, err := c.Read(ctx)
				require.NoError(t, err)
				require.Equal(t, []byte{byte(i)}, got)
			}
			var wg sync.WaitGroup
			for _, c := range conns {
				wg.Go(func() { assert.NoError(t, c.Close(websocket.StatusNormalClosure, "")) })
			}
			wg.Wait()
			for range sockets {
				assert.Equal(t, websocket.StatusNormalClosure, (<-ends).status)
			}
			require.NoError(t, e.Shutdown(ctx))
			assert.ErrorIs(t, <-served, engine.ErrServerClosed)
			assert.Equal(t, uint64(sockets), e.Stats().Upgrades)
		})
	}
}
