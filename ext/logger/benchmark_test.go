package logger_test

import (
	"io"
	"log/slog"
	"net/http"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/logger"
)

// BenchmarkLogger measures a request through a chain with the logger,
// writing JSON lines to io.Discard, and with the line's level disabled.
func BenchmarkLogger(b *testing.B) {
	for _, tc := range []struct {
		name  string
		level slog.Level
	}{
		{"logged", slog.LevelInfo},
		{"disabled", slog.LevelWarn},
	} {
		b.Run(tc.name, func(b *testing.B) {
			out := slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: tc.level}))
			res := iron.With(http.StatusOK, "hello")
			h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return res, nil })
			c := chain.New(h).Link(logger.New(logger.Logger(out)))
			// One request serves every iteration: its start note is kept, so
			// this measures the line, not the (allocation-free) note.
			req := iron.NewRequest("GET", "/hello", nil)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Handle(req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
