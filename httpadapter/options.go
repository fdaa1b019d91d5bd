package httpadapter

import (
	"fmt"
	"log/slog"
)

// DefaultMaxBodyBytes is the request body limit of [Handler] when no
// [MaxBodyBytes] option is given: 10 MiB, the engine's default.
const DefaultMaxBodyBytes = 10 << 20

// DefaultBufferBytes is how much of a net/http handler's output [FromHTTP]
// holds back, so that after middleware can still change the response, when
// no [BufferBytes] option is given: 64 KiB.
const DefaultBufferBytes = 64 << 10

// Option configures [Handler], [FromHTTP] or [Around]. Each option says which
// of them it applies to; the others ignore it.
type Option func(*config)

type config struct {
	maxBody     int64
	bufferBytes int
	logger      *slog.Logger
}

func newConfig(opts []Option) config {
	c := config{maxBody: DefaultMaxBodyBytes, bufferBytes: DefaultBufferBytes}
	for _, o := range opts {
		if o == nil {
			panic("httpadapter: nil Option")
		}
		o(&c)
	}
	return c
}

// log returns the configured logger, or the default one as it is now.
func (c *config) log() *slog.Logger {
	if c.logger == nil {
		return slog.Default()
	}
	return c.logger
}

// MaxBodyBytes limits the request bodies that [Handler] lets Iron handlers
// read to n bytes: reading past it (or at all, when the declared
// Content-Length is longer) fails with an [*http.MaxBytesError], and a
// handler error that wraps one is answered 413 Content Too Large. Zero or -1
// means no limit. It panics on other negative values, a likely mistake.
func MaxBodyBytes(n int64) Option {
	if n < -1 {
		panic(fmt.Sprintf("httpadapter: MaxBodyBytes(%d): the limit must be positive, or 0 or -1 for none", n))
	}
	return func(c *config) { c.maxBody = n }
}

// BufferBytes sets how many bytes of a net/http handler's output [FromHTTP]
// and [Around] hold back before they start streaming it (see [FromHTTP]).
// It panics on n < 1.
func BufferBytes(n int) Option {
	if n < 1 {
		panic(fmt.Sprintf("httpadapter: BufferBytes(%d): the size must be at least 1", n))
	}
	return func(c *config) { c.bufferBytes = n }
}

// Logger sets the logger of handler errors and panics, for [Handler],
// [FromHTTP] and [Around]; nil means [slog.Default].
func Logger(l *slog.Logger) Option {
	return func(c *config) { c.logger = l }
}
