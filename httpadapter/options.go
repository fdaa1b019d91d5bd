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

// Option configures [Handler], [FromHTTP] or [Around], which check every
// option they are given: a bad value panics there, with an error that names
// the option and the value. Each option says which of them it applies to;
// the others ignore it. Nil options are skipped.
type Option func(*config)

type config struct {
	maxBody     int64 // -1: no limit
	bufferBytes int
	logger      *slog.Logger // nil: slog.Default() at the time of each line
}

func newConfig(opts []Option) config {
	c := config{maxBody: DefaultMaxBodyBytes, bufferBytes: DefaultBufferBytes}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
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
// read to n bytes, as the engine's option of the same name does: reading
// past it (or at all, when the declared Content-Length is longer) fails
// with an [*iron.Error] that wraps [iron.ErrBodyTooLarge] (and the
// [*http.MaxBytesError] net/http reported) and is answered 413 Content Too
// Large when the handler returns it. -1 means no limit, for a server behind
// a proxy that enforces its own. [Handler] panics on 0 and on other
// negative values.
func MaxBodyBytes(n int64) Option {
	return func(c *config) {
		if n < -1 || n == 0 {
			panic(fmt.Errorf("httpadapter: MaxBodyBytes(%d): the limit must be positive, or -1 for none", n))
		}
		c.maxBody = n
	}
}

// BufferBytes sets how many bytes of a net/http handler's output [FromHTTP]
// and [Around] hold back before they start streaming it (see [FromHTTP]).
// They panic on n < 1.
func BufferBytes(n int) Option {
	return func(c *config) {
		if n < 1 {
			panic(fmt.Errorf("httpadapter: BufferBytes(%d): the size must be at least 1", n))
		}
		c.bufferBytes = n
	}
}

// Logger sets the logger of handler errors and panics, for [Handler],
// [FromHTTP] and [Around]; without it, they go to [slog.Default] as it is
// at the time of each line. They panic on nil.
func Logger(l *slog.Logger) Option {
	return func(c *config) {
		if l == nil {
			panic(fmt.Errorf("httpadapter: Logger(nil): a logger is required"))
		}
		c.logger = l
	}
}
