package engine_test

import (
	"io"
	"log/slog"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

func quietLogger() engine.Option {
	return engine.Logger(slog.New(slog.NewTextHandler(io.Discard, nil)))
}

func maxes(head, uri int, body int64) engine.Option {
	return engine.WithConfig(engine.Config{MaxHeaderBytes: head, MaxURILength: uri, MaxBodyBytes: body, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
}

func idleAndHeader(idle, header time.Duration) engine.Option {
	return func(c *engine.Config) { c.IdleTimeout, c.ReadHeaderTimeout = idle, header }
}

func TestBadSettingsAreReportedByServe(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  engine.Option
		want string
	}{
		{"workers", engine.Workers(-2), "Workers: -2"},
		{"read header timeout", engine.ReadHeaderTimeout(-time.Second), "ReadHeaderTimeout: -1s"},
		{"max body", engine.MaxBodyBytes(-1), "MaxBodyBytes: -1"},
		{"max conns", engine.MaxConns(-5), "MaxConns: -5"},
		{"max header count", engine.MaxHeaderCount(-1), "MaxHeaderCount: -1"},
		{"body buffer", engine.BodyBufferBytes(-1), "BodyBufferBytes: -1"},
		{"rate grace period", engine.RateGracePeriod(-time.Second), "RateGracePeriod: -1s"},
		{"linger timeout", engine.LingerTimeout(-time.Second), "LingerTimeout: -1s"},
		{"linger bytes", engine.LingerBytes(-1), "LingerBytes: -1"},
		{"queue timeout", engine.QueueTimeout(-time.Second), "QueueTimeout: -1s"},
		{"shutdown timeout", engine.ShutdownTimeout(-time.Second), "ShutdownTimeout: -1s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := net.Listen("tcp", "127.0.0.1:0")
			require.NoError(t, err)
			err = engine.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return nil, nil }), tc.opt).Serve(l)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestQueueZeroIsTheDefault checks that a Queue of 0 means the default (four
// waiting places per worker) whether it is set with the option or the Config
// field, and that NoQueue means none.
func TestQueueZeroIsTheDefault(t *testing.T) {
	for _, tc := range []struct {
		name       string
		opt        engine.Option
		wantQueued int
	}{
		{"Queue(0)", engine.Queue(0), 4},
		{"Config{Queue: 0}", engine.WithConfig(engine.Config{Workers: 1}), 4},
		{"Queue(NoQueue)", engine.Queue(engine.NoQueue), 0},
		{"Config{Queue: NoQueue}", engine.WithConfig(engine.Config{Workers: 1, Queue: engine.NoQueue}), 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := newBlocker()
			e, addr := start(t, b, engine.Workers(1), tc.opt, engine.Workers(1), quietLogger())
			defer close(b.release)
			b.occupy(t, addr) // holds the only worker; closed at the end of the test
			for range 5 {
				c := dial(t, addr)
				_, err := io.WriteString(c, "GET /block HTTP/1.1\r\nHost: x\r\n\r\n")
				require.NoError(t, err)
			}
			require.Eventually(t, func() bool { st := e.Stats(); return st.Queued+int(st.Shed) == 5 }, 2*time.Second, 5*time.Millisecond)
			assert.Equal(t, tc.wantQueued, e.Stats().Queued, "%+v", e.Stats())
		})
	}
}
