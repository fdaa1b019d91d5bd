package static

import (
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/iron-go/iron"
)

// validators are what a client may revalidate a cached file with.
type validators struct {
	etag    string    // a strong entity-tag, quotes included
	modTime time.Time // truncated to seconds, as HTTP dates are; zero when unknown
	ver     string    // versionOf(etag) when known already, else ""
}

// version returns the file's version (see Versioned).
func (v validators) version() string {
	if v.ver != "" {
		return v.ver
	}
	return versionOf(v.etag)
}

// validators returns the validators of the file name, whose information is
// fi, served in the content coding: the digest NewFS computed when there is
// one, else those of validatorsOf.
func (s *fileServer) validators(name string, fi fs.FileInfo, coding string) validators {
	if d, ok := s.sums[name]; ok {
		// Each precompressed sibling has a digest of its own: a
		// representation of its own, with a tag of its own (RFC 9110
		// section 8.8.3).
		return validators{etag: d.etag, modTime: httpTime(fi.ModTime()), ver: d.version}
	}
	return validatorsOf(fi, coding)
}

// validatorsOf returns the validators of a file. The entity-tag is made of
// the modification time and size, as most file servers do: cheap, no read of
// the content, and it changes whenever a deploy rewrites the file. The
// content coding is part of it, since each coding is a representation of
// its own (RFC 9110 section 8.8.3).
func validatorsOf(fi fs.FileInfo, coding string) validators {
	var buf [64]byte
	b := append(buf[:0], '"')
	b = strconv.AppendInt(b, fi.ModTime().UnixNano(), 16)
	b = append(b, '-')
	b = strconv.AppendInt(b, fi.Size(), 16)
	if coding != "" {
		b = append(b, '-')
		b = append(b, coding...)
	}
	b = append(b, '"')
	return validators{etag: string(b), modTime: httpTime(fi.ModTime())}
}

// httpTime returns mt as Last-Modified sends it, truncated to seconds, or
// the zero time for a file with no meaningful time (none, as in an
// embed.FS, or the epoch, as some build tools and archives leave it), which
// gets no Last-Modified rather than a false one.
func httpTime(mt time.Time) time.Time {
	if mt.IsZero() || mt.Equal(time.Unix(0, 0)) {
		return time.Time{}
	}
	return mt.Truncate(time.Second)
}

// precondition evaluates the conditional headers of req against v in the
// order of RFC 9110 section 13.2.2 and returns the status that ends the
// request there: 412 Precondition Failed, 304 Not Modified, or 0 to go on.
func precondition(req *iron.Request, v validators) int {
	if im := strings.Join(req.HeaderValues("If-Match"), ","); im != "" {
		if !matchETag(im, v.etag, true) {
			return http.StatusPreconditionFailed
		}
	} else if ius, ok := singleDate(req, "If-Unmodified-Since"); ok && !v.modTime.IsZero() {
		if t, err := http.ParseTime(ius); err == nil && v.modTime.After(t) {
			return http.StatusPreconditionFailed
		}
	}
	if inm := strings.Join(req.HeaderValues("If-None-Match"), ","); inm != "" {
		if matchETag(inm, v.etag, false) {
			return http.StatusNotModified
		}
	} else if ims, ok := singleDate(req, "If-Modified-Since"); ok && !v.modTime.IsZero() {
		// A date in the future is invalid (RFC 9110 section 13.1.3): a
		// client clock ahead must not pin a stale copy.
		if t, err := http.ParseTime(ims); err == nil && !t.After(time.Now()) && !v.modTime.After(t) {
			return http.StatusNotModified
		}
	}
	return 0
}

// singleDate returns the value of a date header of req, and whether it came
// on exactly one line. An HTTP-date holds a comma of its own, so a date
// header is no list: received on several lines it is a list of dates, which
// RFC 9110 tells a recipient to ignore (section 13.1.3 for
// If-Modified-Since, "more than one member"; 13.1.4 for
// If-Unmodified-Since), rather than guess which line was meant.
func singleDate(req *iron.Request, name string) (string, bool) {
	vs := req.HeaderValues(name)
	if len(vs) != 1 || vs[0] == "" {
		return "", false
	}
	return vs[0], true
}

// rangeApplies reports whether a Range header may be honoured, given the
// request's If-Range (RFC 9110 section 13.1.5): absent, or naming the
// current representation by a strong entity-tag or its exact modification
// date. When it does not, the whole file is sent.
func rangeApplies(req *iron.Request, v validators) bool {
	ir := strings.TrimSpace(req.HeaderValue("If-Range"))
	switch {
	case ir == "":
		return true
	case strings.HasPrefix(ir, `"`) || strings.HasPrefix(ir, "W/"):
		return !strings.HasPrefix(ir, "W/") && ir == v.etag
	}
	t, err := http.ParseTime(ir)
	return err == nil && !v.modTime.IsZero() && t.Equal(v.modTime)
}

// matchETag reports whether the list of entity-tags in an If-Match or
// If-None-Match value (or "*") matches etag, comparing strongly (If-Match:
// weak tags never match) or weakly (If-None-Match: the W/ is ignored).
func matchETag(list, etag string, strong bool) bool {
	list = strings.TrimSpace(list)
	if list == "*" {
		return true
	}
	for list != "" {
		var tag string
		tag, list = nextETag(list)
		if tag == "" {
			return false // malformed: nothing after it can be trusted
		}
		weak := strings.HasPrefix(tag, "W/")
		if weak {
			if strong {
				continue
			}
			tag = tag[2:]
		}
		if tag == etag {
			return true
		}
	}
	return false
}

// nextETag splits the first entity-tag off a comma-separated list, returning
// "" when the list does not start with one.
func nextETag(list string) (tag, rest string) {
	list = strings.TrimLeft(list, " \t,")
	start := 0
	if strings.HasPrefix(list, "W/") {
		start = 2
	}
	if len(list) < start+2 || list[start] != '"' {
		return "", ""
	}
	end := strings.IndexByte(list[start+1:], '"')
	if end < 0 {
		return "", ""
	}
	end += start + 2
	return list[:end], strings.TrimLeft(list[end:], " \t,")
}
