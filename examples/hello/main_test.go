package main

import (
	"bytes"
	"context"
	"io"
	"log"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/engine"
)

// syncBuffer collects log output written from the engine's workers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// The seed example, served by the engine, answers GET / with Hello World and
// logs how long the request took.
func TestSeedExample(t *testing.T) {
	var logs syncBuffer
	log.SetOutput(&logs)
	t.Cleanup(func() { log.SetOutput(io.Discard) })

	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	e := engine.New(app())
	done := make(chan error, 1)
	go func() { done <- e.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		assert.NoError(t, e.Shutdown(ctx))
		assert.ErrorIs(t, <-done, engine.ErrServerClosed)
	})

	client := &http.Client{Timeout: 5 * time.Second}
	res, err := client.Get("http://" + l.Addr().String() + "/")
	require.NoError(t, err)
	body, err := io.ReadAll(res.Body)
	require.NoError(t, res.Body.Close())
	require.NoError(t, err)
	client.CloseIdleConnections()

	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "Hello World", string(body))
	assert.Equal(t, "text/plain; charset=utf-8", res.Header.Get("Content-Type"))
	assert.Contains(t, logs.String(), "Request took: ")
}
