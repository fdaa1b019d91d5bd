package static

import (
	"crypto/rand"
	"errors"
	"io"
	"io/fs"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/iron-go/iron"
)

// maxRanges bounds how many ranges one request may ask for; a request for
// more gets the whole file. Clients ask for a few (a PDF viewer, a resumed
// download); thousands of tiny ranges would only make the server work.
const maxRanges = 64

// byteRange is a satisfiable range of a file: length bytes from start.
type byteRange struct {
	start, length int64
}

// contentRange returns the Content-Range value of r in a file of size bytes.
func (r byteRange) contentRange(size int64) string {
	return "bytes " + strconv.FormatInt(r.start, 10) + "-" +
		strconv.FormatInt(r.start+r.length-1, 10) + "/" + strconv.FormatInt(size, 10)
}

// errUnsatisfiable: every range of the request lies past the end of the file.
var errUnsatisfiable = errors.New("static: range not satisfiable")

// parseRange parses a Range header value (RFC 9110 section 14.1.2) against a
// file of size bytes. It returns the satisfiable ranges, in the order asked;
// nil and no error when the header is to be ignored (malformed, another
// unit, too many ranges, ranges adding up to more than the file, which only
// an attempt to amplify would ask for, or an empty file); errUnsatisfiable
// when no range overlaps the file.
func parseRange(header string, size int64) ([]byteRange, error) {
	unit, set, ok := strings.Cut(header, "=")
	if !ok || !strings.EqualFold(strings.TrimSpace(unit), "bytes") {
		return nil, nil
	}
	if size == 0 {
		// No range of an empty representation is satisfiable (RFC 9110
		// section 14.1.2), and a 416 would tell a resuming client that
		// something is wrong with a download that is simply complete:
		// ignore the Range and send the (empty) file with a 200, as the
		// server may always do.
		return nil, nil
	}
	var ranges []byteRange
	var total int64
	count := 0
	for spec := range strings.SplitSeq(set, ",") {
		spec = strings.TrimSpace(spec)
		if spec == "" {
			continue // empty list elements are allowed (RFC 9110 section 5.6.1)
		}
		if count++; count > maxRanges {
			return nil, nil
		}
		first, last, ok := strings.Cut(spec, "-")
		if !ok {
			return nil, nil
		}
		var r byteRange
		switch {
		case first == "": // suffix: the last n bytes
			n, ok := parseDigits(last)
			if !ok {
				return nil, nil
			}
			if n == 0 {
				continue
			}
			n = min(n, size)
			r = byteRange{size - n, n}
		default:
			start, ok := parseDigits(first)
			if !ok {
				return nil, nil
			}
			end := size - 1
			if last != "" {
				if end, ok = parseDigits(last); !ok || digitsLess(last, first) {
					return nil, nil
				}
			}
			if start >= size {
				continue
			}
			end = min(end, size-1)
			r = byteRange{start, end - start + 1}
		}
		total += r.length
		ranges = append(ranges, r)
	}
	if len(ranges) == 0 {
		if count == 0 {
			return nil, nil
		}
		return nil, errUnsatisfiable
	}
	if total > size {
		return nil, nil
	}
	return ranges, nil
}

// parseDigits parses a non-negative decimal number (1*DIGIT). A number past
// the largest int64 is still a number, only larger than any file: it
// saturates to math.MaxInt64, so that a huge last-byte-pos or suffix-length
// means "to the end" and a huge first-byte-pos lies past it (the grammar of
// RFC 9110 section 14.1.2 is 1*DIGIT, with no bound).
func parseDigits(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if d := int64(c - '0'); n <= (math.MaxInt64-d)/10 {
			n = n*10 + d
		} else {
			n = math.MaxInt64
		}
	}
	return n, true
}

// digitsLess reports whether the decimal number a is less than b, both
// strings of digits, whatever their size: a last-byte-pos below its
// first-byte-pos makes the Range invalid even when both saturate an int64.
func digitsLess(a, b string) bool {
	a, b = strings.TrimLeft(a, "0"), strings.TrimLeft(b, "0")
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// singleRange answers with one range of f: the file positioned at its start
// when it can seek, so that a server can still send an *os.File with
// sendfile(2); else a section of it read at positions (ra is f).
func singleRange(res *iron.Response, f fs.File, ra io.ReaderAt, size int64, r byteRange) (*iron.Response, error) {
	var body io.Reader
	if sk, ok := f.(io.Seeker); ok {
		if _, err := sk.Seek(r.start, io.SeekStart); err != nil {
			f.Close()
			return nil, fsError(err)
		}
		body = f
	} else {
		body = readCloser{io.NewSectionReader(ra, r.start, r.length), f}
	}
	res.Status = http.StatusPartialContent
	res.Header["Content-Range"] = []string{r.contentRange(size)}
	res.SetBody(iron.ReaderBody(body, r.length))
	return res, nil
}

// multipleRanges answers with several ranges of f (read at positions
// through ra, which is f) as one multipart/byteranges body (RFC 9110
// section 14.6) of known length.
func multipleRanges(res *iron.Response, f fs.File, ra io.ReaderAt, size int64, ranges []byteRange) *iron.Response {
	boundary := rand.Text()
	partType := res.Header.Get("Content-Type")
	readers := make([]io.Reader, 0, 2*len(ranges)+1)
	var total int64
	for i, r := range ranges {
		var b strings.Builder
		if i > 0 {
			b.WriteString("\r\n")
		}
		b.WriteString("--" + boundary + "\r\n")
		if partType != "" {
			b.WriteString("Content-Type: " + partType + "\r\n")
		}
		b.WriteString("Content-Range: " + r.contentRange(size) + "\r\n\r\n")
		readers = append(readers, strings.NewReader(b.String()), io.NewSectionReader(ra, r.start, r.length))
		total += int64(b.Len()) + r.length
	}
	tail := "\r\n--" + boundary + "--\r\n"
	readers = append(readers, strings.NewReader(tail))
	total += int64(len(tail))

	res.Status = http.StatusPartialContent
	res.Header["Content-Type"] = []string{"multipart/byteranges; boundary=" + boundary}
	res.SetBody(iron.ReaderBody(readCloser{io.MultiReader(readers...), f}, total))
	return res
}

// readCloser reads from one reader and closes another: the parts of a
// multipart body, and the file they come from.
type readCloser struct {
	io.Reader
	io.Closer
}

// unsatisfiable answers a Range that lies wholly past the end of the file.
// It says nothing of caching: the file's Cache-Control would let a shared
// cache keep the 416 and serve it to clients that asked for the whole file.
func unsatisfiable(res *iron.Response, f fs.File, size int64) *iron.Response {
	f.Close()
	res.Status = http.StatusRequestedRangeNotSatisfiable
	res.Header["Content-Range"] = []string{"bytes */" + strconv.FormatInt(size, 10)}
	delete(res.Header, "Content-Encoding")
	delete(res.Header, "Cache-Control")
	res.Header["Content-Type"] = []string{iron.DefaultContentType}
	res.SetBody(iron.StringBody(http.StatusText(http.StatusRequestedRangeNotSatisfiable)))
	return res
}
