package logger

import (
	"fmt"
	"log/slog"

	"github.com/iron-go/iron"
)

// Option configures a [RequestLogger] in [New], which checks it: a bad value
// panics there, with an error that names the option and the value.
type Option func(*RequestLogger)

// Logger sets the logger lines are written to; without it, lines go to
// [slog.Default] as it is at the time of each line. [New] panics on nil.
func Logger(l *slog.Logger) Option {
	return func(g *RequestLogger) {
		if l == nil {
			panic(fmt.Errorf("logger: Logger(nil): a logger is required"))
		}
		g.out = l
	}
}

// Level sets the level of every line ([slog.LevelInfo] by default).
func Level(l slog.Level) Option {
	return func(g *RequestLogger) { g.level = func(int) slog.Level { return l } }
}

// StatusLevel sets a function that chooses each line's level from the
// status sent, for instance Warn for 4xx and Error for 5xx. [New] panics on
// nil.
func StatusLevel(fn func(status int) slog.Level) Option {
	return func(g *RequestLogger) {
		if fn == nil {
			panic(fmt.Errorf("logger: StatusLevel(nil): a function is required"))
		}
		g.level = fn
	}
}

// Fields sets which attributes each line carries, instead of
// [DefaultFields]. [New] panics on bits that name no field.
func Fields(f Field) Option {
	return func(g *RequestLogger) {
		if f&^allFields != 0 {
			panic(fmt.Errorf("logger: Fields(%#x): %#x names no field", uint16(f), uint16(f&^allFields)))
		}
		g.fields = f
	}
}

// Message sets the message of each line, instead of "request". [New] panics
// on an empty one.
func Message(msg string) Option {
	return func(g *RequestLogger) {
		if msg == "" {
			panic(fmt.Errorf(`logger: Message(""): a message is required`))
		}
		g.message = msg
	}
}

// Skip sets a function that picks the requests that are not logged (the
// probes of a load balancer, say). It is called once per request, when the
// line would be written. [New] panics on nil.
func Skip(fn func(req *iron.Request) bool) Option {
	return func(g *RequestLogger) {
		if fn == nil {
			panic(fmt.Errorf("logger: Skip(nil): a function is required"))
		}
		g.skip = fn
	}
}
