package httpadapter

import (
	"errors"
	"net/http"

	"github.com/iron-go/iron/internal/httpheader"
)

// Errors of iron.Interim under Handler, as on the engine.
var (
	errInterimLate   = errors.New("httpadapter: an interim answer after the final answer began")
	errInterimHeader = errors.New("httpadapter: an interim answer's header has a field that cannot be sent")
)

// sendInterim is the request's Incoming.Interim under Handler: net/http
// writes a 1xx status with the ResponseWriter's header as it is, and keeps
// that header for the final answer; so the fields are set for the 1xx and
// put back as they were after it.
func (s *serverState) sendInterim(status int, header http.Header) error {
	switch {
	case s.final:
		return errInterimLate
	case !s.hr.ProtoAtLeast(1, 1):
		return nil // HTTP/1.0 has no interim answers (RFC 9110 section 15.2)
	case !httpheader.SafeHeader(header):
		return errInterimHeader
	}
	h := s.w.Header()
	type kept struct {
		values []string
		had    bool
	}
	before := make(map[string]kept, len(header))
	for name, values := range header {
		switch http.CanonicalHeaderKey(name) {
		case "Content-Length", "Transfer-Encoding", "Connection", "Trailer":
			continue
		}
		old, had := h[name]
		before[name] = kept{old, had}
		h[name] = values
	}
	s.w.WriteHeader(status)
	for name, k := range before {
		if k.had {
			h[name] = k.values
		} else {
			delete(h, name)
		}
	}
	return nil
}
