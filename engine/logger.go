package engine

import (
	"context"
	"log/slog"
)

// clientGoneHandler lowers to Debug what is logged for a request whose
// client went away (its context was cancelled with errClientGone): a
// handler that fails with "context canceled" then is no server error, and
// must not page anyone. Everything else passes through unchanged.
type clientGoneHandler struct{ slog.Handler }

func (h clientGoneHandler) Enabled(ctx context.Context, level slog.Level) bool {
	if level > slog.LevelDebug && clientLeft(ctx) {
		level = slog.LevelDebug
	}
	return h.Handler.Enabled(ctx, level)
}

func (h clientGoneHandler) Handle(ctx context.Context, r slog.Record) error {
	if r.Level > slog.LevelDebug && clientLeft(ctx) {
		r.Level = slog.LevelDebug
	}
	return h.Handler.Handle(ctx, r)
}

func (h clientGoneHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	return clientGoneHandler{h.Handler.WithAttrs(attrs)}
}

func (h clientGoneHandler) WithGroup(name string) slog.Handler {
	return clientGoneHandler{h.Handler.WithGroup(name)}
}

// clientLeft reports whether ctx, a request's context or one made from it,
// was cancelled because the client went away.
func clientLeft(ctx context.Context) bool {
	return ctx != nil && ctx.Err() != nil && context.Cause(ctx) == errClientGone
}
