package main

import (
	"bytes"
	"io"
	"log"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/iron-go/iron/internal/servetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

	addr := servetest.Engine(t, app())
	client := &http.Client{Timeout: 5 * time.Second}
	res, err := client.Get("http://" + addr + "/")
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
