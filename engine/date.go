package engine

import (
	"net/http"
	"time"
)

// dateCache is the Date header value (RFC 9110 section 6.6.1), formatted at
// most once a second per session: formatting a date for every response would
// cost more than most handlers.
type dateCache struct {
	sec int64
	buf [len(http.TimeFormat)]byte
}

func (d *dateCache) get(now time.Time) []byte {
	if sec := now.Unix(); sec != d.sec {
		d.sec = sec
		now.UTC().AppendFormat(d.buf[:0], http.TimeFormat)
	}
	return d.buf[:]
}
