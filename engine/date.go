package engine

import (
	"net/http"
	"time"
)

// dateCache is the Date field line (RFC 9110 section 6.6.1), formatted at
// most once a second per session: formatting a date for every response would
// cost more than most handlers.
type dateCache struct {
	sec  int64
	line [len("Date: ") + len(http.TimeFormat) + len("\r\n")]byte
}

// get returns "Date: <IMF-fixdate>\r\n" for now.
func (d *dateCache) get(now time.Time) []byte {
	if sec := now.Unix(); sec != d.sec {
		d.sec = sec
		n := copy(d.line[:], "Date: ")
		now.UTC().AppendFormat(d.line[n:n], http.TimeFormat) // fills the array: the format has a fixed length
		copy(d.line[len(d.line)-2:], "\r\n")
	}
	return d.line[:]
}
