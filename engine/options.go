package engine

import (
	"crypto/tls"
	"fmt"
	"log/slog"
	"time"

	"github.com/iron-go/iron/worker"
)

// Config holds every setting of an [Engine]. A zero field means the default
// named beside it; [New] takes options, and [WithConfig] sets them all at once.
type Config struct {
	// Workers bounds the requests running the handler at once
	// (default [worker.DefaultWorkers]: 256 per GOMAXPROCS).
	Workers int
	// Queue bounds the requests waiting for a free worker once all are busy
	// (default 4 × Workers); past it requests are shed with 503 and
	// Retry-After. [NoQueue] (or any negative value) means none wait.
	Queue int
	// BlockWhenBusy makes requests wait for a worker however many wait
	// already, instead of being shed.
	BlockWhenBusy bool
	// QueueTimeout bounds how long a request may wait for a worker: one
	// that waited longer is answered 503 with Retry-After instead of
	// being run, as if it had been shed on arrival (default 0: no
	// bound). The wait is invisible to middleware, which only sees the
	// request once a worker runs it; a client that has long given up
	// should not cost a handler.
	QueueTimeout time.Duration

	// DrainPeriod is how long [Engine.Drain] (and [Engine.Run], once its
	// context ends) keeps serving before it stops accepting, while
	// [Engine.Draining] reports true and every answer says Connection:
	// close (default 10 s). Set it to the time your load balancer takes to
	// see a failing readiness check and stop sending new requests: the
	// check interval times the failures it waits for, plus a check's
	// timeout. The default covers HAProxy's default checks (every 2 s,
	// three failures, each allowed 2 s: 8 s) and nginx Plus's (every 5 s,
	// one failure), and the few seconds Kubernetes takes to take a
	// terminating pod out of its endpoints. Negative: no drain period
	// (Drain is then Shutdown).
	DrainPeriod time.Duration
	// ShutdownTimeout bounds, in [Engine.Run], the stop after the drain
	// period: closing the listener (a second at most) and letting the
	// requests in flight finish; past it, the connections left are closed
	// (default 15 s). With the default DrainPeriod, Run ends within 25 s,
	// inside Kubernetes' default grace period of 30 s before a SIGKILL.
	ShutdownTimeout time.Duration

	// ReadHeaderTimeout bounds the time from a request's first byte (or a
	// new connection's accept) to the end of its head, against slowloris
	// (default 5 s).
	ReadHeaderTimeout time.Duration
	// ReadTimeout bounds reading a whole request, body included, from its
	// first byte (default 60 s).
	ReadTimeout time.Duration
	// WriteTimeout bounds each write of a response to the client, of at
	// most 64 KiB; a stream that keeps flushing may run longer in total, as
	// long as its client keeps to MinResponseRate (default 60 s).
	WriteTimeout time.Duration
	// IdleTimeout is how long a keep-alive connection may wait for its next
	// request (default 120 s).
	IdleTimeout time.Duration
	// HandlerTimeout is the deadline of req.Context(), counted from when the
	// context is made: the first call of req.Context() for the request,
	// usually by the first middleware that needs it (default 0: no
	// deadline).
	HandlerTimeout time.Duration

	// MaxHeaderBytes bounds the request head, request line included
	// (default 64 KiB); past it the answer is 431.
	MaxHeaderBytes int
	// MaxHeaderCount bounds the number of header field lines in a request
	// head (default 256); past it the answer is 431.
	MaxHeaderCount int
	// MaxURILength bounds the request-target (default 8 KiB); past it the
	// answer is 414.
	MaxURILength int
	// MaxBodyBytes bounds a request body (default 10 MiB); the handler's
	// body reader then fails with [ErrBodyTooLarge] (a 413).
	MaxBodyBytes int64
	// Listeners is how many listening sockets ListenAndServe and
	// ListenAndServeTLS open on their address (default 1). Past one, each
	// socket is opened with SO_REUSEPORT and accepted by a loop of its own,
	// and the kernel spreads new connections over them, so that accepting
	// scales with the cores rather than queueing on one socket. It needs
	// Linux (other systems either refuse the option or do not spread
	// connections); elsewhere a value past one is reported by the call
	// that starts. Serve, given its listener, ignores it.
	Listeners int
	// MaxConns bounds the open connections (default 100,000); past it the
	// engine stops accepting until one closes.
	MaxConns int

	// BodyBufferBytes bounds how much of a request body the engine reads
	// into memory, in the connection's own goroutine, before the request
	// takes a worker (default 64 KiB). A body up to this size reaches its
	// handler whole, so that a client that sends it slowly, or never, holds
	// no worker; the handler of a larger one gets this much at once and
	// reads the rest as it comes.
	BodyBufferBytes int
	// MinBodyRate is the slowest a client may send a request body, in bytes
	// a second, averaged from when the engine began waiting for it (and,
	// for a handler reading a body over BodyBufferBytes, from its first
	// wait), after RateGracePeriod (default 240); past it the answer is 408.
	// Negative: no minimum rate (ReadTimeout still bounds the body).
	MinBodyRate int64
	// MinResponseRate is the slowest a client may take an answer, in bytes
	// a second, averaged over the writes that had to wait for it, after
	// RateGracePeriod (default 240); past it the connection is closed.
	// Writes the socket's buffer takes at once, and the time a streaming
	// body spends between writes, do not count. Negative: no minimum rate
	// (WriteTimeout still bounds each write).
	MinResponseRate int64
	// RateGracePeriod is the time a transfer gets before MinBodyRate and
	// MinResponseRate apply (default 5 s): room for TCP's slow start and a
	// stalled network.
	RateGracePeriod time.Duration
	// LingerTimeout bounds how long a connection that closes with the
	// client perhaps still sending (after a 413, a 417, a refused request, a
	// 503, a handler that did not read the body) keeps reading, and
	// discarding, what the client sends, so that the client and any proxy
	// read the answer before the close resets the connection (default 5 s).
	LingerTimeout time.Duration
	// LingerBytes bounds how much the engine reads and discards while it
	// lingers (default 64 MiB); past it, it stops reading, and closes when
	// LingerTimeout ends. A proxy in front (HAProxy) passes an early answer
	// on cleanly only if the engine reads all of the body it is still
	// forwarding: keep this above the largest body your proxies forward.
	LingerBytes int64

	// TLSConfig, when set, makes Serve speak TLS.
	TLSConfig *tls.Config
	// Logger receives errors and panics (default [slog.Default]).
	Logger *slog.Logger
}

// Option changes one setting of an [Engine].
type Option func(*Config)

// Defaults of the settings that have one.
const (
	DefaultReadHeaderTimeout = 5 * time.Second
	DefaultReadTimeout       = 60 * time.Second
	DefaultWriteTimeout      = 60 * time.Second
	DefaultIdleTimeout       = 120 * time.Second
	DefaultMaxHeaderBytes    = 64 << 10
	DefaultMaxHeaderCount    = 256
	DefaultMaxURILength      = 8 << 10
	DefaultMaxBodyBytes      = 10 << 20
	DefaultMaxConns          = 100_000
	DefaultBodyBufferBytes   = 64 << 10
	DefaultMinBodyRate       = 240
	DefaultMinResponseRate   = 240
	DefaultRateGracePeriod   = 5 * time.Second
	DefaultLingerTimeout     = 5 * time.Second
	DefaultLingerBytes       = 64 << 20
	DefaultDrainPeriod       = 10 * time.Second
	DefaultShutdownTimeout   = 15 * time.Second
)

// Workers sets [Config.Workers].
func Workers(n int) Option { return func(c *Config) { c.Workers = n } }

// NoQueue is the Queue with no waiting places: once every worker is busy, a
// request is shed at once.
const NoQueue = worker.NoQueue

// Queue sets [Config.Queue]: 0 means the default (4 × Workers), [NoQueue]
// none.
func Queue(n int) Option { return func(c *Config) { c.Queue = n } }

// BlockWhenBusy sets [Config.BlockWhenBusy].
func BlockWhenBusy() Option { return func(c *Config) { c.BlockWhenBusy = true } }

// QueueTimeout sets [Config.QueueTimeout].
func QueueTimeout(d time.Duration) Option { return func(c *Config) { c.QueueTimeout = d } }

// DrainPeriod sets [Config.DrainPeriod]; negative means none.
func DrainPeriod(d time.Duration) Option { return func(c *Config) { c.DrainPeriod = d } }

// ShutdownTimeout sets [Config.ShutdownTimeout].
func ShutdownTimeout(d time.Duration) Option { return func(c *Config) { c.ShutdownTimeout = d } }

// ReadHeaderTimeout sets [Config.ReadHeaderTimeout].
func ReadHeaderTimeout(d time.Duration) Option { return func(c *Config) { c.ReadHeaderTimeout = d } }

// ReadTimeout sets [Config.ReadTimeout].
func ReadTimeout(d time.Duration) Option { return func(c *Config) { c.ReadTimeout = d } }

// WriteTimeout sets [Config.WriteTimeout].
func WriteTimeout(d time.Duration) Option { return func(c *Config) { c.WriteTimeout = d } }

// IdleTimeout sets [Config.IdleTimeout].
func IdleTimeout(d time.Duration) Option { return func(c *Config) { c.IdleTimeout = d } }

// HandlerTimeout sets [Config.HandlerTimeout].
func HandlerTimeout(d time.Duration) Option { return func(c *Config) { c.HandlerTimeout = d } }

// MaxHeaderBytes sets [Config.MaxHeaderBytes].
func MaxHeaderBytes(n int) Option { return func(c *Config) { c.MaxHeaderBytes = n } }

// MaxHeaderCount sets [Config.MaxHeaderCount].
func MaxHeaderCount(n int) Option { return func(c *Config) { c.MaxHeaderCount = n } }

// MaxURILength sets [Config.MaxURILength].
func MaxURILength(n int) Option { return func(c *Config) { c.MaxURILength = n } }

// MaxBodyBytes sets [Config.MaxBodyBytes].
func MaxBodyBytes(n int64) Option { return func(c *Config) { c.MaxBodyBytes = n } }

// Listeners sets [Config.Listeners]: n listening sockets sharing the
// address through SO_REUSEPORT (Linux). A common choice is
// runtime.GOMAXPROCS(0).
func Listeners(n int) Option { return func(c *Config) { c.Listeners = n } }

// MaxConns sets [Config.MaxConns].
func MaxConns(n int) Option { return func(c *Config) { c.MaxConns = n } }

// BodyBufferBytes sets [Config.BodyBufferBytes].
func BodyBufferBytes(n int) Option { return func(c *Config) { c.BodyBufferBytes = n } }

// MinBodyRate sets [Config.MinBodyRate], in bytes a second.
func MinBodyRate(bytesPerSecond int64) Option {
	return func(c *Config) { c.MinBodyRate = bytesPerSecond }
}

// MinResponseRate sets [Config.MinResponseRate], in bytes a second.
func MinResponseRate(bytesPerSecond int64) Option {
	return func(c *Config) { c.MinResponseRate = bytesPerSecond }
}

// RateGracePeriod sets [Config.RateGracePeriod].
func RateGracePeriod(d time.Duration) Option { return func(c *Config) { c.RateGracePeriod = d } }

// LingerTimeout sets [Config.LingerTimeout].
func LingerTimeout(d time.Duration) Option { return func(c *Config) { c.LingerTimeout = d } }

// LingerBytes sets [Config.LingerBytes].
func LingerBytes(n int64) Option { return func(c *Config) { c.LingerBytes = n } }

// TLSConfig sets [Config.TLSConfig].
func TLSConfig(cfg *tls.Config) Option { return func(c *Config) { c.TLSConfig = cfg } }

// Logger sets [Config.Logger].
func Logger(l *slog.Logger) Option { return func(c *Config) { c.Logger = l } }

// WithConfig replaces every setting with cfg; options after it change it
// further.
func WithConfig(cfg Config) Option { return func(c *Config) { *c = cfg } }

// resolve fills in defaults and checks every setting, naming the first bad
// one and its value.
func (c Config) resolve() (Config, error) {
	type check struct {
		bad  bool
		name string
		val  any
	}
	for _, k := range []check{
		{c.Workers < 0, "Workers", c.Workers},
		{c.QueueTimeout < 0, "QueueTimeout", c.QueueTimeout},
		{c.ShutdownTimeout < 0, "ShutdownTimeout", c.ShutdownTimeout},
		{c.ReadHeaderTimeout < 0, "ReadHeaderTimeout", c.ReadHeaderTimeout},
		{c.ReadTimeout < 0, "ReadTimeout", c.ReadTimeout},
		{c.WriteTimeout < 0, "WriteTimeout", c.WriteTimeout},
		{c.IdleTimeout < 0, "IdleTimeout", c.IdleTimeout},
		{c.HandlerTimeout < 0, "HandlerTimeout", c.HandlerTimeout},
		{c.MaxHeaderBytes < 0 || (c.MaxHeaderBytes > 0 && c.MaxHeaderBytes < 256), "MaxHeaderBytes", c.MaxHeaderBytes},
		{c.MaxHeaderCount < 0, "MaxHeaderCount", c.MaxHeaderCount},
		{c.MaxURILength < 0, "MaxURILength", c.MaxURILength},
		{c.MaxBodyBytes < 0, "MaxBodyBytes", c.MaxBodyBytes},
		{c.MaxConns < 0, "MaxConns", c.MaxConns},
		{c.Listeners < 0, "Listeners", c.Listeners},
		{c.BodyBufferBytes < 0, "BodyBufferBytes", c.BodyBufferBytes},
		{c.RateGracePeriod < 0, "RateGracePeriod", c.RateGracePeriod},
		{c.LingerTimeout < 0, "LingerTimeout", c.LingerTimeout},
		{c.LingerBytes < 0, "LingerBytes", c.LingerBytes},
	} {
		if k.bad {
			return c, fmt.Errorf("engine: invalid %s: %v", k.name, k.val)
		}
	}
	if c.Listeners > 1 && !canReusePort {
		return c, fmt.Errorf("engine: invalid Listeners: %d: spreading connections over listeners (SO_REUSEPORT) needs Linux", c.Listeners)
	}
	orDefault(&c.Workers, worker.DefaultWorkers())
	orDefault(&c.Queue, worker.DefaultQueue(c.Workers))
	if c.Queue < 0 {
		c.Queue = NoQueue
	}
	orDefault(&c.DrainPeriod, DefaultDrainPeriod)
	c.DrainPeriod = max(c.DrainPeriod, 0)
	orDefault(&c.ShutdownTimeout, DefaultShutdownTimeout)
	orDefault(&c.ReadHeaderTimeout, DefaultReadHeaderTimeout)
	orDefault(&c.ReadTimeout, DefaultReadTimeout)
	orDefault(&c.WriteTimeout, DefaultWriteTimeout)
	orDefault(&c.IdleTimeout, DefaultIdleTimeout)
	orDefault(&c.MaxHeaderBytes, DefaultMaxHeaderBytes)
	orDefault(&c.MaxHeaderCount, DefaultMaxHeaderCount)
	orDefault(&c.MaxURILength, DefaultMaxURILength)
	c.MaxURILength = min(c.MaxURILength, c.MaxHeaderBytes)
	orDefault(&c.MaxBodyBytes, DefaultMaxBodyBytes)
	orDefault(&c.MaxConns, DefaultMaxConns)
	orDefault(&c.Listeners, 1)
	orDefault(&c.BodyBufferBytes, DefaultBodyBufferBytes)
	// Buffering past the body limit would only delay the 413.
	c.BodyBufferBytes = int(min(int64(c.BodyBufferBytes), c.MaxBodyBytes+1))
	orDefault(&c.MinBodyRate, DefaultMinBodyRate)
	orDefault(&c.MinResponseRate, DefaultMinResponseRate)
	orDefault(&c.RateGracePeriod, DefaultRateGracePeriod)
	orDefault(&c.LingerTimeout, DefaultLingerTimeout)
	orDefault(&c.LingerBytes, DefaultLingerBytes)
	orDefault(&c.Logger, slog.Default())
	return c, nil
}

// orDefault sets *p to def when it is the zero value.
func orDefault[T comparable](p *T, def T) {
	var zero T
	if *p == zero {
		*p = def
	}
}
