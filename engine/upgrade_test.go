package engine_test

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

// shout is a takeover function: it answers each line in capitals until the
// client closes, then closes the connection, and says so on done.
func shout(done chan<- error) iron.UpgradeFunc {
	return func(ctx context.Context, conn net.Conn, rw *bufio.ReadWriter) {
		defer conn.Close()
		for {
			line, err := rw.ReadString('\n')
			if err != nil {
				done <- err
				return
			}
			rw.WriteString(strings.ToUpper(line))
			if err := rw.Flush(); err != nil {
				done <- err
				return
			}
		}
	}
}

// upgrading answers /ws with a switch to "shout" and anything else with its
// path.
func upgrading(fn iron.UpgradeFunc) iron.Handler {
	return iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if req.Path() != "/ws" {
			return iron.With(http.StatusOK, req.Path()), nil
		}
		return iron.With(iron.Upgrade("shout", fn), http.Header{"X-Switched": {"yes"}}), nil
	})
}

const upgradeRequest = "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: shout\r\n\r\n"

// readHead reads an answer's head, line by line, up to its empty line.
func readHead(t *testing.T, br *bufio.Reader) []string {
	t.Helper()
	var lines []string
	for {
		line, err := br.ReadString('\n')
		require.NoError(t, err, "head so far: %q", lines)
		if line == "\r\n" {
			return lines
		}
		lines = append(lines, strings.TrimSuffix(line, "\r\n"))
	}
}

// A switch comes after the answers to the requests before it; its head is
// the status line, Date, the handler's fields and Connection: Upgrade; what
// the client sent after the request is the new protocol's; the connection
// leaves the engine's counts for Upgraded.
func TestUpgrade(t *testing.T) {
	done := make(chan error, 1)
	e, addr := start(t, upgrading(shout(done)))
	c := dial(t, addr)
	_, err := io.WriteString(c, "GET /first HTTP/1.1\r\nHost: x\r\n\r\n"+upgradeRequest+"early\n")
	require.NoError(t, err)
	br := bufio.NewReader(c)
	_, body := readResponse(t, br, "GET")
	assert.Equal(t, "/first", body)

	head := readHead(t, br)
	require.NotEmpty(t, head)
	assert.Equal(t, "HTTP/1.1 101 Switching Protocols", head[0])
	assert.ElementsMatch(t, []string{"Upgrade: shout", "X-Switched: yes", "Connection: Upgrade"}, head[2:])
	assert.True(t, strings.HasPrefix(head[1], "Date: "), head[1])

	line, err := br.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "EARLY\n", line, "bytes sent after the request belong to the new protocol")
	st := e.Stats()
	assert.Equal(t, 1, st.Upgraded)
	assert.Equal(t, uint64(1), st.Upgrades)
	assert.Equal(t, 0, st.Conns, "a switched connection is no longer the engine's")
	assert.Equal(t, uint64(2), st.Served)

	_, err = io.WriteString(c, "more\n")
	require.NoError(t, err)
	line, err = br.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "MORE\n", line)
	c.Close()
	assert.ErrorIs(t, <-done, io.EOF)
	assert.Eventually(t, func() bool { return e.Stats().Upgraded == 0 }, 5*time.Second, time.Millisecond)
}

// A switch the request did not ask for, or cannot take, is a handler bug: a
// 500, and the function never runs.
func TestUpgradeRefused(t *testing.T) {
	for _, tc := range []struct {
		name    string
		request string
		mods    []any
	}{
		{"no Upgrade header", "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\n\r\n", nil},
		{"no Connection: upgrade", "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: shout\r\n\r\n", nil},
		{"HTTP/1.0", "GET /ws HTTP/1.0\r\nConnection: Upgrade\r\nUpgrade: shout\r\n\r\n", nil},
		{"another protocol offered", "GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n", nil},
		{"no protocol in the response", upgradeRequest, []any{http.Header{"Upgrade": nil}}},
		{"a field that cannot be sent", upgradeRequest, []any{http.Header{"X-Bad": {"a\r\nb"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ran atomic.Bool
			fn := func(_ context.Context, conn net.Conn, _ *bufio.ReadWriter) { ran.Store(true); conn.Close() }
			e, addr := start(t, iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
				res := iron.With(iron.Upgrade("shout", fn))
				return res.Set(tc.mods...), nil
			}), engine.Logger(slog.New(slog.DiscardHandler)))
			c := dial(t, addr)
			_, err := io.WriteString(c, tc.request)
			require.NoError(t, err)
			res, _ := readResponse(t, bufio.NewReader(c), "GET")
			assert.Equal(t, http.StatusInternalServerError, res.StatusCode)
			assert.False(t, ran.Load())
			assert.Zero(t, e.Stats().Upgrades)
		})
	}
}

// After middleware that changes the status of a switch cancels it: the
// answer is sent as any other, and the connection stays the engine's.
func TestUpgradeCancelledByAfterMiddleware(t *testing.T) {
	var ran atomic.Bool
	inner := upgrading(func(_ context.Context, conn net.Conn, _ *bufio.ReadWriter) { ran.Store(true); conn.Close() })
	forbid := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		res, err := inner.Handle(req)
		if err != nil {
			return nil, err
		}
		res = iron.Own(req, res)
		if req.Path() == "/ws" {
			res.Status = http.StatusForbidden
		}
		return res, nil
	})
	e, addr := start(t, forbid)
	c := dial(t, addr)
	_, err := io.WriteString(c, upgradeRequest+"GET /after HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	br := bufio.NewReader(c)
	res, _ := readResponse(t, br, "GET")
	assert.Equal(t, http.StatusForbidden, res.StatusCode)
	_, body := readResponse(t, br, "GET")
	assert.Equal(t, "/after", body, "the connection serves the next request")
	assert.False(t, ran.Load())
	assert.Zero(t, e.Stats().Upgrades)
}

// A request body the handler left is read and thrown away before a switch:
// the new protocol starts after the request. With Hijack, the function gets
// it as it came.
func TestUpgradeUnreadBody(t *testing.T) {
	t.Run("Upgrade", func(t *testing.T) {
		done := make(chan error, 1)
		_, addr := start(t, upgrading(shout(done)))
		c := dial(t, addr)
		_, err := io.WriteString(c, "POST /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: shout\r\n"+
			"Content-Length: 6\r\n\r\nbody!\nearly\n")
		require.NoError(t, err)
		br := bufio.NewReader(c)
		assert.Equal(t, "HTTP/1.1 101 Switching Protocols", readHead(t, br)[0])
		line, err := br.ReadString('\n')
		require.NoError(t, err)
		assert.Equal(t, "EARLY\n", line)
	})
	t.Run("Hijack", func(t *testing.T) {
		_, addr := start(t, iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
			return iron.With(iron.Hijack(func(_ context.Context, conn net.Conn, rw *bufio.ReadWriter) {
				defer conn.Close()
				line, _ := rw.ReadString('\n')
				rw.WriteString("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\ngot " + line)
				rw.Flush()
			})), nil
		}))
		got := exchange(t, addr, "POST /h HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nbody!\n")
		assert.Equal(t, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\ngot body!\n", got,
			"nothing but what the function writes")
	})
}

// Shutdown tells a switched connection through its function's context,
// and waits for the function to return; a function that does not return
// holds Shutdown until its context ends, and Close closes its connection.
func TestUpgradeShutdown(t *testing.T) {
	t.Run("the function says goodbye", func(t *testing.T) {
		l, addr := listen(t)
		cause := make(chan error, 1)
		e := engine.New(upgrading(func(ctx context.Context, conn net.Conn, rw *bufio.ReadWriter) {
			defer conn.Close()
			<-ctx.Done()
			cause <- context.Cause(ctx)
			rw.WriteString("bye\n")
			rw.Flush()
		}))
		served := make(chan error, 1)
		go func() { served <- e.Serve(l) }()
		c := dial(t, addr)
		_, err := io.WriteString(c, upgradeRequest)
		require.NoError(t, err)
		br := bufio.NewReader(c)
		readHead(t, br)
		require.Eventually(t, func() bool { return e.Stats().Upgraded == 1 }, 5*time.Second, time.Millisecond)

		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		require.NoError(t, e.Shutdown(ctx))
		assert.ErrorIs(t, <-cause, engine.ErrServerClosed)
		line, err := br.ReadString('\n')
		require.NoError(t, err)
		assert.Equal(t, "bye\n", line)
		assert.Equal(t, 0, e.Stats().Upgraded, "Shutdown returned once the function had")
		assert.ErrorIs(t, <-served, engine.ErrServerClosed)
	})
	t.Run("a function that ignores its context", func(t *testing.T) {
		l, addr := listen(t)
		done := make(chan error, 1)
		e := engine.New(upgrading(shout(done)))
		served := make(chan error, 1)
		go func() { served <- e.Serve(l) }()
		c := dial(t, addr)
		_, err := io.WriteString(c, upgradeRequest)
		require.NoError(t, err)
		br := bufio.NewReader(c)
		readHead(t, br)
		require.Eventually(t, func() bool { return e.Stats().Upgraded == 1 }, 5*time.Second, time.Millisecond)

		select {
		case err := <-done:
			t.Fatalf("the function returned before any stop: %v", err)
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
		defer cancel()
		began := time.Now()
		assert.ErrorIs(t, e.Shutdown(ctx), context.DeadlineExceeded, "Shutdown waits no longer than its context")
		assert.GreaterOrEqual(t, time.Since(began), 100*time.Millisecond,
			"Shutdown waited for the function until its context ended")
		// Shutdown, its context ended, closes what is left as Close does:
		// the function, blocked in a read, sees its connection closed.
		err = <-done
		assert.True(t, errors.Is(err, net.ErrClosed), "Close closes switched connections: %v", err)
		require.NoError(t, e.Close(), "Close after Shutdown is harmless")
		assert.ErrorIs(t, <-served, engine.ErrServerClosed)
		assert.Eventually(t, func() bool { return e.Stats().Upgraded == 0 }, 5*time.Second, time.Millisecond)
	})
}

// Over TLS, bytes the client sent after the request (decrypted by the engine
// already, or still in the TLS record) reach the function.
func TestUpgradeOverTLS(t *testing.T) {
	done := make(chan error, 1)
	_, addr := start(t, upgrading(shout(done)),
		engine.TLSConfig(&tls.Config{Certificates: []tls.Certificate{selfSigned(t)}}))
	raw := dial(t, addr)
	c := tls.Client(raw, &tls.Config{InsecureSkipVerify: true})
	_, err := io.WriteString(c, upgradeRequest+"early\n")
	require.NoError(t, err)
	br := bufio.NewReader(c)
	assert.Equal(t, "HTTP/1.1 101 Switching Protocols", readHead(t, br)[0])
	line, err := br.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "EARLY\n", line)
	_, err = io.WriteString(c, "later\n")
	require.NoError(t, err)
	line, err = br.ReadString('\n')
	require.NoError(t, err)
	assert.Equal(t, "LATER\n", line)
	c.Close()
	<-done
}

// The function's context carries the request context's values, and the
// request's own context, which a handler may have watched, ends once the
// function returns; a panic in the function closes its connection, is
// logged, and the engine goes on serving.
func TestUpgradeContextAndPanic(t *testing.T) {
	type key struct{}
	var logs syncBuffer
	reqEnded := make(chan struct{})
	_, addr := start(t, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if req.Path() != "/ws" {
			return iron.With(http.StatusOK, "still serving"), nil
		}
		req.SetContext(context.WithValue(req.Context(), key{}, "value"))
		context.AfterFunc(req.Context(), func() { close(reqEnded) })
		return iron.With(iron.Upgrade("shout", func(ctx context.Context, _ net.Conn, _ *bufio.ReadWriter) {
			select {
			case <-reqEnded:
				panic("the request's context ended before the function returned")
			default:
			}
			panic("function: " + ctx.Value(key{}).(string))
		})), nil
	}), engine.Logger(slog.New(slog.NewTextHandler(&logs, nil))))
	c := dial(t, addr)
	_, err := io.WriteString(c, upgradeRequest)
	require.NoError(t, err)
	br := bufio.NewReader(c)
	readHead(t, br)
	assert.True(t, closedAfter(br, c), "the connection closes")
	select {
	case <-reqEnded:
	case <-time.After(5 * time.Second):
		t.Fatal("the request's context did not end")
	}
	assert.Contains(t, logs.String(), "function: value")

	c2 := dial(t, addr)
	_, err = io.WriteString(c2, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	_, body := readResponse(t, bufio.NewReader(c2), "GET")
	assert.Equal(t, "still serving", body)
}
