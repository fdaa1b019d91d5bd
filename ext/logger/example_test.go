package logger_test

import (
	"log/slog"
	"net/http"
	"os"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/logger"
)

// stableOutput logs text lines without the time and with a fixed duration,
// so that the examples' output can be checked.
func stableOutput() *slog.Logger {
	return slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			switch a.Key {
			case slog.TimeKey:
				return slog.Attr{}
			case "duration":
				return slog.String("duration", "1.2ms")
			}
			return a
		},
	}))
}

func Example() {
	hello := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "Hello World"), nil
	})
	c := chain.New(hello)
	c.Link(logger.New(logger.Logger(stableOutput())))

	_, _ = c.Handle(iron.NewRequest("GET", "/hello", nil))
	// Output:
	// level=INFO msg=request method=GET path=/hello status=200 bytes=11 duration=1.2ms remote=192.0.2.1:1234
}

// The README's response-time middleware, built on the logger: only the
// duration, with the README's message.
func Example_responseTime() {
	hello := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "Hello World"), nil
	})
	responseTime := logger.New(
		logger.Logger(stableOutput()),
		logger.Fields(logger.Duration),
		logger.Message("Request took"),
	)
	c := chain.New(hello)
	c.LinkBefore(responseTime)
	c.LinkAfter(responseTime)

	_, _ = c.Handle(iron.NewRequest("GET", "/", nil))
	// Output:
	// level=INFO msg="Request took" duration=1.2ms
}

// Errors are logged with the status they will be sent as.
func Example_errors() {
	fail := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return nil, iron.Errorf(http.StatusConflict, "version mismatch")
	})
	c := chain.New(fail)
	c.Link(logger.New(
		logger.Logger(stableOutput()),
		logger.Fields(logger.Method|logger.Path|logger.Status|logger.Error),
		logger.StatusLevel(func(status int) slog.Level {
			if status >= 400 {
				return slog.LevelWarn
			}
			return slog.LevelInfo
		}),
	))

	_, _ = c.Handle(iron.NewRequest("PUT", "/docs/7", nil))
	// Output:
	// level=WARN msg=request method=PUT path=/docs/7 status=409 error="version mismatch"
}
