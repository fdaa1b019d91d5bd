package engine

import (
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"syscall"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/httpheader"
)

// statusLines holds "HTTP/1.1 code reason\r\n" for every code that has a
// reason phrase, built once.
var statusLines = func() (t [600][]byte) {
	for code := range t {
		if text := http.StatusText(code); text != "" {
			t[code] = []byte("HTTP/1.1 " + strconv.Itoa(code) + " " + text + "\r\n")
		}
	}
	return t
}()

func appendStatusLine(b []byte, code int) []byte {
	if code >= 0 && code < len(statusLines) && statusLines[code] != nil {
		return append(b, statusLines[code]...)
	}
	b = append(b, "HTTP/1.1 "...)
	b = strconv.AppendInt(b, int64(code), 10)
	return append(b, " \r\n"...)
}

// invalidHeader is sent instead of a response whose headers could not be
// written safely.
var invalidHeader = iron.With(http.StatusInternalServerError, http.StatusText(http.StatusInternalServerError))

// inline reports whether res is an answer a worker queues whole: one with no
// body to send, or a short one in memory. Any other (a reader, a file, a
// stream, a long one) is written by the connection's goroutine, which may
// wait on the client; a worker never does.
func (s *session) inline(res *iron.Response) bool {
	if fn, _ := res.Takeover(); fn != nil {
		return false // the connection's goroutine switches (upgrade.go)
	}
	status := res.StatusCode()
	body := res.Body()
	switch {
	case status < 200 || status > 999, s.h.method == http.MethodHead, body.IsZero(),
		status == http.StatusNoContent || status == http.StatusResetContent || status == http.StatusNotModified:
		return true
	}
	if str, ok := body.Text(); ok {
		return len(str) <= inlineBodyMax
	}
	p, ok := body.Bytes()
	return ok && len(p) <= inlineBodyMax
}

// writeResponse queues res as the answer to the current request and reports
// whether the connection stays open after it; keep says whether it may. A
// body that is not inline is written out as it goes, which only the
// connection's goroutine does. It only reads res: a handler may return the
// same Response again and again.
func (s *session) writeResponse(res *iron.Response, keep bool) bool {
	h := &s.h
	s.final = true
	status := res.StatusCode()
	body := res.Body()
	if body.Reader() != nil {
		defer body.Close() // the other kinds have nothing to close
	}
	if status < 200 || status > 999 {
		// An interim status is no answer (see sendInterim), and a switch
		// takes a function to switch to (see switchProtocols); a status
		// code has three digits: a handler bug.
		res, status, body = invalidHeader, http.StatusInternalServerError, invalidHeader.Body()
	}
	// Most answers have no header map, or an empty one: its lookups are
	// skipped.
	fields := len(res.Header) > 0
	if fields {
		if vs := res.Header["Connection"]; len(vs) > 0 && httpheader.HasToken(vs, "close") {
			keep = false
		}
	}
	// 204, 205 and 304 answers never carry content (RFC 9110 sections
	// 15.3.5, 15.3.6 and 15.4.5), whatever body the handler gave.
	noBody := status == http.StatusNoContent || status == http.StatusResetContent || status == http.StatusNotModified
	head := h.method == http.MethodHead
	length := body.Len()
	chunked := false
	if length < 0 && !noBody && !head {
		if h.minor == 1 {
			chunked = true
		} else {
			keep = false // HTTP/1.0: the body ends when the connection does
		}
	}

	// The Date is the time the turn began (serve): when the client's
	// request, or pipelined batch, was taken up. Reading the clock once a
	// turn rather than once an answer saves a clock read per pipelined
	// request; a Date older than the answer by the handlers' time is what
	// RFC 9111's age arithmetic allows for (the response delay).
	b := appendStatusLine(s.out, status)
	if _, ok := res.Header["Date"]; !fields || !ok {
		b = append(b, s.date.get(s.now)...)
	}
	if ct := res.ContentType(); ct != "" {
		// The ContentType modifier's value comes from outside the header
		// map, and is checked as its values are. Answers mostly repeat one
		// of a few constants: the last one found valid is not checked
		// again.
		if ct != s.validType {
			if !httpheader.SafeFieldValue(ct) {
				return s.refuseResponse("Content-Type", keep)
			}
			s.validType = ct
		}
		b = appendField(b, "Content-Type", ct)
	}
	// Fields are checked as they are copied, in one pass over the map; the
	// copy is thrown away if one is refused.
	if fields {
		for name, values := range res.Header {
			if !httpheader.IsToken(name) {
				return s.refuseResponse(name, keep)
			}
			skip := engineWrites(name)
			for _, v := range values {
				if !httpheader.SafeFieldValue(v) {
					return s.refuseResponse(name, keep)
				}
				if !skip {
					b = appendField(b, name, v)
				}
			}
		}
	}
	// Counted once the answer is sure to be sent as it is: a refused one is
	// counted by the 500 that replaces it, and a bad status as that 500.
	gone := s.c.gone.Load()
	switch {
	case gone:
		// The client closed its end, or reset: the answer (a 500 for a
		// context cancelled, often) is no server error. It is still sent,
		// to a client that only half-closed.
		s.e.clientClosed.Add(1)
		keep = false
	case status >= 500:
		s.e.errs.Add(1)
	}
	// The framing header. The explicit case comes before the body's length:
	// a HEAD answer without a body states the length of what GET would send
	// when the handler says it (RFC 9110 section 9.3.2), and so may a 304
	// (section 8.6); otherwise the body's length is the one sent.
	var cl []string
	if fields {
		cl = res.Header["Content-Length"]
	}
	switch {
	case status == http.StatusNoContent:
		// Never a Content-Length (RFC 9110 section 8.6).
	case status == http.StatusResetContent:
		b = append(b, "Content-Length: 0\r\n"...)
	case (head || status == http.StatusNotModified) && body.IsZero() && len(cl) > 0:
		if isDecimal(cl[0]) {
			b = appendField(b, "Content-Length", cl[0])
		}
	case status == http.StatusNotModified:
		// The body given is not sent, so its length says nothing.
	case length >= 0:
		b = append(b, "Content-Length: "...)
		b = strconv.AppendInt(b, length, 10)
		b = append(b, "\r\n"...)
	case chunked:
		b = append(b, "Transfer-Encoding: chunked\r\n"...)
		b = appendTrailerNames(b, res)
	}
	switch {
	case !keep:
		b = append(b, "Connection: close\r\n"...)
	case h.minor == 0:
		b = append(b, "Connection: keep-alive\r\n"...)
	}
	b = append(b, "\r\n"...)
	s.out = b
	// A whole answer queued in out is counted as lost if its write fails;
	// one for a client already gone was counted above.
	queued := 1
	if gone {
		queued = 0
	}

	if head || noBody || body.IsZero() {
		s.queued += queued
		return keep
	}
	if str, ok := body.Text(); ok && len(str) <= inlineBodyMax {
		s.out = append(s.out, str...)
		s.queued += queued
		return keep
	}
	if p, ok := body.Bytes(); ok && len(p) <= inlineBodyMax {
		s.out = append(s.out, p...)
		s.queued += queued
		return keep
	}
	var w io.Writer = &s.outW
	if chunked {
		w = &s.chunkW
	}
	s.writeErr = nil
	if _, err := body.WriteTo(w); err != nil {
		// The client cannot tell a cut answer from a whole one unless the
		// connection ends: close it, and send no last chunk.
		if s.writeErr != nil {
			// The client went away, or was cut off for reading too slowly:
			// no server error.
			s.e.clientClosed.Add(uint64(queued))
			s.e.logger.Debug("engine: client did not take the answer", "remote", s.c.remote,
				"method", h.method, "target", h.target, "error", err)
			return false
		}
		if status < 500 {
			s.e.errs.Add(1)
		}
		s.e.logger.Error("engine: writing response body failed", "method", h.method, "target", h.target, "error", err)
		s.flush() // the answers before this one, and the start of this one
		return false
	}
	if chunked {
		s.out = s.chunkW.appendEnd(s.out, res.Trailer)
	}
	s.queued += queued
	return keep
}

// appendField appends the field line "name: value\r\n".
func appendField(b []byte, name, value string) []byte {
	b = append(b, name...)
	b = append(b, ": "...)
	b = append(b, value...)
	return append(b, "\r\n"...)
}

// appendTrailerNames announces the trailer fields a chunked answer will end
// with (RFC 9110 section 6.6.2), so that the client can expect them: those
// in res.Trailer before the body is written, unless the handler set Trailer
// itself, or trailers that cannot be sent.
func appendTrailerNames(b []byte, res *iron.Response) []byte {
	if len(res.Trailer) == 0 || len(res.Header["Trailer"]) > 0 || !httpheader.SafeHeader(res.Trailer) {
		return b
	}
	b = append(b, "Trailer: "...)
	first := true
	for name := range res.Trailer {
		if !first {
			b = append(b, ", "...)
		}
		first = false
		b = append(b, name...)
	}
	return append(b, "\r\n"...)
}

// refuseResponse replaces an answer whose headers could split the response
// with a 500, and logs why.
func (s *session) refuseResponse(name string, keep bool) bool {
	s.e.logger.Error("engine: response header refused: CR, LF or NUL in a field, or an invalid name",
		"method", s.h.method, "target", s.h.target, "header", strconv.Quote(name))
	return s.writeResponse(invalidHeader, keep)
}

// engineWrites reports whether name is a field the engine writes itself.
// The framing fields are matched in any case, as a map literal may hold
// names that are not canonical: a handler's "content-length" must never
// reach the client beside the engine's own.
func engineWrites(name string) bool {
	switch len(name) {
	case len("Connection"):
		return name == "Connection" || httpheader.EqualFold(name, "connection")
	case len("Content-Type"):
		return name == "Content-Type"
	case len("Content-Length"):
		return name == "Content-Length" || httpheader.EqualFold(name, "content-length")
	case len("Transfer-Encoding"):
		return name == "Transfer-Encoding" || httpheader.EqualFold(name, "transfer-encoding")
	}
	return false
}

func isDecimal(s string) bool {
	if s == "" || len(s) > 18 {
		return false
	}
	for i := range len(s) {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// writeStatusOnly queues a short answer the engine makes itself (a refused
// request) and closes the connection after it. Its body is only the status
// text: the reason for refusing is logged, never sent, so nothing internal
// leaks.
func (s *session) writeStatusOnly(status int) {
	text := http.StatusText(status)
	b := appendStatusLine(s.out, status)
	s.now = time.Now()
	b = append(b, s.date.get(s.now)...)
	b = append(b, "Content-Type: text/plain; charset=utf-8\r\nConnection: close\r\nContent-Length: "...)
	b = strconv.AppendInt(b, int64(len(text)), 10)
	b = append(b, "\r\n\r\n"...)
	s.out = append(b, text...)
}

// writePiece bounds each write of an answer, and each file piece handed to
// sendfile: WriteTimeout bounds the wait for each piece, so that a client
// that keeps reading is never cut off in the middle of one large write.
const writePiece = 64 << 10

// startWrites begins the write budget of the answers a turn left: the
// writes that wait for the client must move their bytes at MinResponseRate,
// on average, after the grace period.
func (s *session) startWrites() {
	s.wBytes, s.wBlocked = 0, 0
}

// writeOut writes p to the client, in pieces of at most writePiece, each
// bounded by WriteTimeout and by what is left of the write budget. Only the
// connection's goroutine calls it.
func (s *session) writeOut(p []byte) (int, error) {
	c := s.c
	written := 0
	for len(p) > 0 {
		piece := p[:min(len(p), writePiece)]
		now := time.Now()
		allow, ok := s.allowance(now, int64(len(piece)))
		if !ok {
			s.writeErr = os.ErrDeadlineExceeded
			return written, s.writeErr
		}
		c.setWriteDeadline(now, allow)
		n, err := c.rwc.Write(piece)
		s.wrote(now, int64(n))
		written += n
		if err != nil {
			s.writeErr = err
			return written, err
		}
		p = p[n:]
	}
	return written, nil
}

// wrote counts a write of n bytes that began at start in the write budget,
// if it had to wait for the client. A write that did not (its bytes went to
// the socket's buffer at once) says nothing of how fast the client reads:
// counting it would let a client bank the kernel's buffers, megabytes, as
// bytes it took.
func (s *session) wrote(start time.Time, n int64) {
	if took := time.Since(start); took >= blockedWrite {
		s.wBlocked += took
		s.wBytes += n
	}
}

// blockedWrite is how long a write takes before it counts as one that
// waited for the client: far longer than copying a piece into the kernel.
const blockedWrite = time.Millisecond

// allowance returns how long writing n more bytes may wait: their share of
// the budget, within WriteTimeout; false when the budget is spent.
func (s *session) allowance(now time.Time, n int64) (time.Duration, bool) {
	cfg := &s.e.cfg
	allow := rateAllowance(s.wBytes+n, cfg.MinResponseRate, cfg.RateGracePeriod) - s.wBlocked
	if allow <= 0 {
		return 0, false
	}
	return min(allow, cfg.WriteTimeout), true
}

// flush writes the queued answers.
func (s *session) flush() error {
	if len(s.out) == 0 {
		return nil
	}
	s.now = time.Now()
	_, err := s.writeOut(s.out)
	s.out = s.out[:0]
	if err != nil {
		s.c.closing = true
		s.e.clientClosed.Add(uint64(s.queued))
	}
	s.queued = 0
	return err
}

// outWriter is the io.Writer response bodies are written to: it appends to
// the batch and writes it out when it grows large.
type outWriter struct{ s *session }

func (w *outWriter) Write(p []byte) (int, error) {
	s := w.s
	if len(s.out)+len(p) > flushAt {
		if err := s.flush(); err != nil {
			return 0, err
		}
		if len(p) >= flushAt {
			return s.writeOut(p)
		}
	}
	s.out = append(s.out, p...)
	return len(p), nil
}

// Flush writes what is queued, for streaming bodies that call iron.Flush.
func (w *outWriter) Flush() error { return w.s.flush() }

// ReadFrom lets io.Copy hand a file straight to the connection (sendfile on
// Linux) after the queued headers, in pieces of writePiece bytes, each
// within the write budget.
func (w *outWriter) ReadFrom(r io.Reader) (int64, error) {
	s := w.s
	if err := s.flush(); err != nil {
		return 0, err
	}
	rf, ok := s.c.rwc.(io.ReaderFrom)
	if !ok {
		return io.Copy(writerOnly{w}, r)
	}
	// sendfile looks through one LimitedReader for the file: unwrap the
	// caller's, and hand it pieces in one of the session's own.
	remain := int64(-1)
	outer, limited := r.(*io.LimitedReader)
	if limited {
		r, remain = outer.R, outer.N
	}
	var total int64
	for remain != 0 {
		k := int64(writePiece)
		if remain > 0 {
			k = min(k, remain)
		}
		now := time.Now()
		allow, ok := s.allowance(now, k)
		if !ok {
			s.writeErr = os.ErrDeadlineExceeded
			return total, s.writeErr
		}
		s.c.setWriteDeadline(now, allow)
		s.lr = io.LimitedReader{R: r, N: k}
		n, err := rf.ReadFrom(&s.lr)
		s.lr.R = nil
		s.wrote(now, n)
		total += n
		if limited {
			outer.N -= n
			remain -= n
		}
		if err != nil {
			if clientFault(err) {
				s.writeErr = err
			}
			return total, err
		}
		if n < k {
			break // the reader ended
		}
	}
	return total, nil
}

// clientFault reports whether err from a write means the client went away or
// was cut off, rather than a failure on the server's side.
func clientFault(err error) bool {
	return errors.Is(err, os.ErrDeadlineExceeded) || errors.Is(err, net.ErrClosed) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNRESET)
}

type writerOnly struct{ io.Writer }

// chunkWriter frames what a body of unknown length writes as chunks (RFC
// 9112 section 7.1).
type chunkWriter struct {
	w *outWriter
}

func (cw *chunkWriter) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	s := cw.w.s
	s.out = strconv.AppendInt(s.out, int64(len(p)), 16)
	s.out = append(s.out, "\r\n"...)
	n, err := cw.w.Write(p)
	if err != nil {
		return n, err
	}
	s.out = append(s.out, "\r\n"...)
	return n, nil
}

// Flush writes the chunks queued so far.
func (cw *chunkWriter) Flush() error { return cw.w.Flush() }

// appendEnd appends the last chunk and the trailer section; trailer fields
// that could split the message are dropped.
func (cw *chunkWriter) appendEnd(b []byte, trailer http.Header) []byte {
	b = append(b, "0\r\n"...)
	if httpheader.SafeHeader(trailer) {
		for name, values := range trailer {
			for _, v := range values {
				b = appendField(b, name, v)
			}
		}
	}
	return append(b, "\r\n"...)
}
