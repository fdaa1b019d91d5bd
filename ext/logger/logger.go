package logger

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/realip"
	"github.com/iron-go/iron/ext/requestid"
)

// Field selects one attribute of the log line; combine them with |.
type Field uint16

// The attributes a line may carry; see the package doc.
const (
	Method Field = 1 << iota
	Path
	Query
	Status
	Bytes
	Duration
	Remote
	RequestID
	Error

	// DefaultFields is every field but Query.
	DefaultFields = Method | Path | Status | Bytes | Duration | Remote | RequestID | Error

	allFields = DefaultFields | Query
)

// RequestLogger is a before and after middleware that logs one line per
// request (see the package doc). Build it with [New]; it is safe for
// concurrent use.
type RequestLogger struct {
	out     *slog.Logger // nil: slog.Default() at the time of each line
	level   func(status int) slog.Level
	fields  Field
	message string
	skip    func(req *iron.Request) bool // nil: every request
}

// New returns a RequestLogger configured by opts (nil options are skipped).
// It panics on a bad option value, with an error naming the option and the
// value.
func New(opts ...Option) *RequestLogger {
	g := &RequestLogger{
		level:   func(int) slog.Level { return slog.LevelInfo },
		fields:  DefaultFields,
		message: "request",
	}
	for _, o := range opts {
		if o != nil {
			o(g)
		}
	}
	return g
}

// started is what Before notes for the line: the time, and the path before
// any mount rewrote it.
type started struct {
	at   time.Time
	path string
}

var startKey = iron.NewKey[started]("logger.started")

// Before notes when the request started.
func (g *RequestLogger) Before(req *iron.Request) error {
	g.start(req)
	return nil
}

// CatchBefore notes when the request started, in case this RequestLogger is linked
// after a before middleware that failed, and passes the error on.
func (g *RequestLogger) CatchBefore(req *iron.Request, err error) error {
	g.start(req)
	return err
}

// After logs the line for the response and returns it unchanged. A nil
// response is logged as the 404 a server sends for it.
func (g *RequestLogger) After(req *iron.Request, res *iron.Response) (*iron.Response, error) {
	g.log(req, res, nil)
	return res, nil
}

// CatchAfter logs the line for the response that will be sent for err, and
// passes the error on.
func (g *RequestLogger) CatchAfter(req *iron.Request, err error) (*iron.Response, error) {
	g.log(req, iron.ErrorResponse(err), err)
	return nil, err
}

func (g *RequestLogger) start(req *iron.Request) {
	if _, ok := iron.Get(req, startKey); !ok {
		iron.Set(req, startKey, started{at: time.Now(), path: req.EscapedPath()})
	}
}

// maxAttrs is the number of fields, so that a line's attributes fit in an
// array on the stack.
const maxAttrs = 9

func (g *RequestLogger) log(req *iron.Request, res *iron.Response, err error) {
	if g.skip != nil && g.skip(req) {
		return
	}
	out := g.out
	if out == nil {
		out = slog.Default()
	}
	status := http.StatusNotFound
	if res != nil {
		status = res.StatusCode()
	}
	level := g.level(status)
	// PeekContext, not Context: on the engine, making the request's context
	// for a log line would cost every request a context and a watch.
	ctx := req.PeekContext()
	if !out.Enabled(ctx, level) {
		return
	}
	st, ok := iron.Get(req, startKey)
	if !ok {
		st.path = req.EscapedPath()
	}
	var buf [maxAttrs]slog.Attr
	attrs := buf[:0]
	f := g.fields
	if f&Method != 0 {
		attrs = append(attrs, slog.String("method", req.Method()))
	}
	if f&Path != 0 {
		attrs = append(attrs, slog.String("path", st.path))
	}
	if f&Query != 0 && req.RawQuery() != "" {
		attrs = append(attrs, slog.String("query", req.RawQuery()))
	}
	if f&Status != 0 {
		attrs = append(attrs, slog.Int("status", status))
	}
	if f&Bytes != 0 {
		n := int64(0)
		if res != nil {
			n = res.Body().Len()
		}
		attrs = append(attrs, slog.Int64("bytes", n))
	}
	if f&Duration != 0 && ok {
		attrs = append(attrs, slog.Duration("duration", time.Since(st.at)))
	}
	if f&Remote != 0 {
		// The client behind the trusted proxies when ext/realip ran: the
		// connection's peer is then a proxy, the same for every client.
		if addr, ok := realip.Get(req); ok && addr.IsValid() {
			attrs = append(attrs, slog.String("remote", addr.String()))
		} else if addr := req.RemoteAddr(); addr != nil {
			attrs = append(attrs, slog.String("remote", addr.String()))
		}
	}
	if f&RequestID != 0 {
		if id, ok := requestid.Get(req); ok {
			attrs = append(attrs, slog.String("request_id", id))
		}
	}
	if f&Error != 0 && err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	out.LogAttrs(ctx, level, g.message, attrs...)
}
