package logger_test

import (
	"bytes"
	"context"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/logger"
)

// Logging a request does not make its context: on the engine that would cost
// every request a cancelable context and a watch for the client going away.
func TestLoggingMakesNoContext(t *testing.T) {
	made := 0
	var slot iron.Slot
	slot.Reset(&iron.Incoming{Method: "GET", Target: "/x", NewContext: func() context.Context {
		made++
		return context.Background()
	}})
	req := slot.Request()
	var logs bytes.Buffer
	c := chain.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return iron.With(200, "ok"), nil }))
	c.Link(logger.New(logger.Logger(slog.New(slog.NewTextHandler(&logs, nil)))))

	res, err := c.Handle(req)
	require.NoError(t, err)
	assert.Equal(t, 200, res.StatusCode())
	assert.Contains(t, logs.String(), "status=200", "the line is written")
	assert.Zero(t, made)
}
