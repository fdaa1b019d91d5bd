package health_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/ext/health"
)

// The engine is a Drainer without this package importing it.
var _ health.Drainer = (*engine.Engine)(nil)

// TestReadinessWhileTheEngineDrains serves the probes from a real engine on
// 127.0.0.1: ready before Shutdown, 503 for a probe answered while the engine
// drains.
func TestReadinessWhileTheEngineDrains(t *testing.T) {
	var eng *engine.Engine
	arrived := make(chan struct{})
	draining := make(chan struct{})
	mux := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		ready := health.Ready(eng)
		if req.Path() == "/readyz/late" {
			// A probe accepted before Shutdown and answered during the
			// drain, as a load balancer's probe in flight would be.
			close(arrived)
			select {
			case <-draining:
			case <-time.After(5 * time.Second):
			}
		}
		return ready.Handle(req)
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	eng = engine.New(mux, engine.Logger(slog.New(slog.DiscardHandler)))
	served := make(chan error, 1)
	go func() { served <- eng.Serve(l) }()
	base := "http://" + l.Addr().String()
	client := &http.Client{Timeout: 5 * time.Second}
	defer client.CloseIdleConnections()

	// probe runs on other goroutines too, so it returns its error rather
	// than failing the test itself.
	type answer struct {
		status int
		body   map[string]any
		err    error
	}
	probe := func(path string) answer {
		res, err := client.Get(base + path)
		if err != nil {
			return answer{err: err}
		}
		defer res.Body.Close()
		var a answer
		a.status = res.StatusCode
		a.err = json.NewDecoder(res.Body).Decode(&a.body)
		return a
	}

	first := probe("/readyz")
	require.NoError(t, first.err)
	assert.Equal(t, 200, first.status)
	assert.Equal(t, "ok", first.body["status"])

	late := make(chan answer, 1)
	go func() { late <- probe("/readyz/late") }()
	select {
	case <-arrived:
	case a := <-late:
		t.Fatalf("the late probe ended before reaching the handler: %+v", a)
	case <-time.After(5 * time.Second):
		t.Fatal("the late probe never reached the handler")
	}
	shutdown := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		shutdown <- eng.Shutdown(ctx)
	}()
	require.Eventually(t, eng.Draining, 5*time.Second, time.Millisecond)
	close(draining)

	got := <-late
	require.NoError(t, got.err)
	assert.Equal(t, http.StatusServiceUnavailable, got.status)
	assert.Equal(t, map[string]any{"status": "unavailable", "draining": true}, got.body)
	assert.NoError(t, <-shutdown)
	assert.ErrorIs(t, <-served, engine.ErrServerClosed)
}
