package engine

import (
	"errors"
	"net/http"

	"github.com/iron-go/iron/internal/httpheader"
)

// Errors of iron.Interim on the engine.
var (
	errInterimLate   = errors.New("engine: an interim answer after the final answer began")
	errInterimHeader = errors.New("engine: an interim answer's header has a field that cannot be sent")
	errInterimGone   = errors.New("engine: the client is gone")
)

// sendInterim is the request's Incoming.Interim: it queues an interim
// answer (iron.Interim checked the status) after the answers queued before
// it and, on plain TCP, writes what the socket takes of them at once, as a
// worker does at the end of its turn: an early hint is worth something only
// while the handler still works. What the socket does not take (and, over
// TLS, all of it, since a TLS write cannot stop half-way) leaves with the
// final answer. It runs on the goroutine that runs the handler, never one
// that waits on the network.
func (s *session) sendInterim(status int, header http.Header) error {
	c := s.c
	switch {
	case s.final:
		return errInterimLate
	case s.h.minor == 0:
		return nil // HTTP/1.0 has no interim answers (RFC 9110 section 15.2)
	case c.closing || c.gone.Load():
		return errInterimGone
	case !httpheader.SafeHeader(header):
		return errInterimHeader
	}
	b := appendStatusLine(s.out, status)
	for name, values := range header {
		if interimLeavesOut(name) {
			continue
		}
		for _, v := range values {
			b = appendField(b, name, v)
		}
	}
	s.out = append(b, "\r\n"...)
	s.writeNow()
	if c.closing {
		return errInterimGone
	}
	return nil
}

// interimLeavesOut reports whether name is a field an interim answer never
// carries: those that frame a message, or the connection.
func interimLeavesOut(name string) bool {
	return engineWrites(name) && !httpheader.EqualFold(name, "content-type") || httpheader.EqualFold(name, "trailer")
}
