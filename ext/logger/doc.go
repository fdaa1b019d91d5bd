// Package logger writes one structured log line per request through
// [log/slog], as Rust Iron's logger did through the log crate: method, path,
// status, bytes, duration, the client's address (found behind trusted proxies
// by ext/realip when it is linked before) and, when package ext/requestid
// stored one, the request identifier.
//
// A [RequestLogger] is a before middleware (it notes when the request
// started) and an after middleware (it logs). It also implements both
// catchers, so a
// request that ended in an error is logged too, with the status of the
// response that error will be sent as ([iron.ErrorResponse]) and the error
// itself. Link it so that it runs around everything else: its Before first
// among the before middleware, its After last among the after middleware:
//
//	log := logger.New()
//	c := chain.New(handler)
//	c.LinkBefore(log)         // first before
//	c.LinkBefore(auth)
//	c.LinkAfter(compressor)
//	c.LinkAfter(log)          // last after
//
// When it is the only after middleware, c.Link(log) does both at once.
//
// # The line
//
// Each line has the message "request" (see [Message]) and these attributes,
// all on by default and chosen with [Fields]:
//
//	method      the request method
//	path        the escaped request path, as it was when Before ran (a mount
//	            further down strips its prefix; the log keeps the whole path)
//	query       the raw query; off by default, since queries carry tokens
//	status      the status code sent
//	bytes       the body's length, or -1 when it is not known before the body
//	            is written (a stream or a reader of unknown size)
//	duration    the time from Before to the log line, as a [time.Duration]
//	remote      the client's address: the one package ext/realip found behind
//	            the trusted proxies when it ran for the request (an IP address,
//	            "203.0.113.7"), else the connection's peer ("127.0.0.1:52144")
//	request_id  the identifier from package ext/requestid, when there is one
//	error       the error, on the error path
//
// Bytes are the length the server announces, not a count of what was
// written: counting would mean wrapping every body, which costs sendfile for
// files and would move the line to when the body has been written, which
// for a HEAD request or a broken connection is never.
//
// Lines are logged at [slog.LevelInfo] unless [Level] or [StatusLevel] says
// otherwise, to [slog.Default] unless [Logger] names another logger; [Skip]
// leaves chosen requests out. [New] checks its options: a bad value (a nil
// logger or function) panics there, with an error naming the option and the
// value.
package logger
