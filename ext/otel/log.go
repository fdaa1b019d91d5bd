package otel

import (
	"context"
	"errors"
	"log/slog"

	"go.opentelemetry.io/otel/trace"
)

// LogHandler returns a [slog.Handler] that adds to each record whose context
// holds a valid span context the attributes trace_id and span_id (hex, as
// trace backends show them), and hands the record to next. Lines that
// ext/logger and iron.Respond write for a request inside a [Tracing] span
// then carry its ids:
//
//	slog.SetDefault(slog.New(otel.LogHandler(slog.NewJSONHandler(os.Stderr, nil))))
//
// Under a group (WithGroup) the ids are in the group, as every attribute
// added then is. A nil next panics.
func LogHandler(next slog.Handler) slog.Handler {
	if next == nil {
		panic(errors.New("otel: LogHandler(nil): a handler is required"))
	}
	return logHandler{next}
}

type logHandler struct{ next slog.Handler }

func (h logHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.next.Enabled(ctx, level)
}

func (h logHandler) Handle(ctx context.Context, r slog.Record) error {
	if sc := trace.SpanContextFromContext(ctx); sc.IsValid() {
		// A record may share its attributes with other copies: add to a
		// clone, as slog.Record's doc asks.
		r = r.Clone()
		r.AddAttrs(slog.String("trace_id", sc.TraceID().String()), slog.String("span_id", sc.SpanID().String()))
	}
	return h.next.Handle(ctx, r)
}

func (h logHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return logHandler{h.next.WithAttrs(attrs)}
}

func (h logHandler) WithGroup(name string) slog.Handler {
	return logHandler{h.next.WithGroup(name)}
}
