package otel_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/logger"
	"github.com/iron-go/iron/ext/otel"
)

// ext/logger's request line and the handler's own lines carry the ids of the
// request's span; a line logged outside any span carries none.
func TestLogLinesCarryTraceIDs(t *testing.T) {
	var buf bytes.Buffer
	prev := slog.Default()
	// Set before logger.New, which may read the default when it is made.
	slog.SetDefault(slog.New(otel.LogHandler(slog.NewJSONHandler(&buf, nil))))
	t.Cleanup(func() { slog.SetDefault(prev) })

	tp, rec := recorder()
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		slog.InfoContext(req.Context(), "handling")
		slog.Default().With("user", "7").WithGroup("g").InfoContext(req.Context(), "grouped")
		return iron.With(http.StatusOK), nil
	})
	c := chain.New(h)
	c.Link(logger.New())
	_, err := otel.New(otel.TracerProvider(tp)).Around(c).Handle(iron.NewRequest("GET", "/x", nil))
	require.NoError(t, err)
	slog.Info("outside")

	span, _ := server(t, rec)
	traceID, spanID := span.SpanContext().TraceID().String(), span.SpanContext().SpanID().String()
	lines := map[string]map[string]any{}
	for _, l := range bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n")) {
		var m map[string]any
		require.NoError(t, json.Unmarshal(l, &m), string(l))
		lines[m["msg"].(string)] = m
	}
	require.Len(t, lines, 4, buf.String())
	for _, msg := range []string{"handling", "request"} {
		assert.Equal(t, traceID, lines[msg]["trace_id"], msg)
		assert.Equal(t, spanID, lines[msg]["span_id"], msg)
	}
	assert.Equal(t, "7", lines["grouped"]["user"])
	assert.Equal(t, map[string]any{"trace_id": traceID, "span_id": spanID}, lines["grouped"]["g"], "in the group, as any attribute added then")
	assert.NotContains(t, lines["outside"], "trace_id")
	assert.Equal(t, float64(200), lines["request"]["status"])
}
