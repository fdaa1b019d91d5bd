package engine

import (
	"bytes"
	"errors"
	"net/http"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/httpheader"
)

// chunkDecoder decodes the chunked transfer coding (RFC 9112 section 7.1)
// strictly: hex sizes without sign or overflow, extensions of tokens and
// quoted strings, CRLF everywhere, and a trailer section of valid fields.
type chunkDecoder struct {
	state      chunkState
	left       int64 // bytes left in the current chunk
	trailer    int   // trailer and chunk-extension bytes seen
	maxTrailer int   // bound of trailer; also against floods of extensions
	discard    bool  // data is skipped, not copied: out is not used
	// fields keeps the trailer section's field lines, each followed by
	// CRLF, for Request.Trailer; its storage is reused from body to body.
	fields []byte
}

type chunkState uint8

const (
	chunkSize    chunkState = iota // expecting a chunk-size line
	chunkData                      // inside chunk data
	chunkDataEnd                   // expecting the CRLF after chunk data
	chunkTrailer                   // expecting a trailer field or the final CRLF
	chunkDone
)

type decoded struct{ in, out int }

var errChunk = &iron.Error{
	Err:      errors.New("iron: malformed chunked encoding"),
	Response: iron.With(http.StatusBadRequest, http.StatusText(http.StatusBadRequest)),
}

func (d *chunkDecoder) finished() bool { return d.state == chunkDone }

// decode consumes framing and data from in, copying data into out. It stops
// when out is full, after copying data, or when in ends mid-line; it returns
// how much of in it consumed and how much it wrote to out. A decoder that
// discards skips data instead, and stops only when in ends or the body does.
func (d *chunkDecoder) decode(in, out []byte) (decoded, error) {
	var n decoded
	for {
		switch d.state {
		case chunkSize:
			line, ok, err := d.line(in[n.in:])
			if err != nil || !ok {
				return n, err
			}
			n.in += len(line) + 2
			size, digits, err := parseChunkSize(line)
			if err != nil {
				return n, err
			}
			// Extensions are parsed and ignored; their bytes count against
			// the trailer bound, so that a body of tiny chunks with long
			// extensions cannot make the engine read without end.
			if d.trailer += len(line) - digits; d.trailer > d.maxTrailer {
				return n, errChunk
			}
			d.left = size
			if size == 0 {
				d.state = chunkTrailer
			} else {
				d.state = chunkData
			}
		case chunkData:
			if d.discard {
				k := min(int64(len(in)-n.in), d.left)
				n.in += int(k)
				d.left -= k
				if d.left > 0 {
					return n, nil
				}
				d.state = chunkDataEnd
				continue
			}
			if n.out > 0 || len(out) == 0 {
				return n, nil
			}
			avail := in[n.in:]
			if len(avail) == 0 {
				return n, nil
			}
			k := copy(out, avail[:min(int64(len(avail)), d.left)])
			n.in += k
			n.out += k
			d.left -= int64(k)
			if d.left == 0 {
				d.state = chunkDataEnd
			}
			return n, nil
		case chunkDataEnd:
			rest := in[n.in:]
			if len(rest) < 2 {
				if len(rest) == 1 && rest[0] != '\r' {
					return n, errChunk
				}
				return n, nil
			}
			if rest[0] != '\r' || rest[1] != '\n' {
				return n, errChunk
			}
			n.in += 2
			d.state = chunkSize
		case chunkTrailer:
			line, ok, err := d.line(in[n.in:])
			if err != nil || !ok {
				return n, err
			}
			n.in += len(line) + 2
			if len(line) == 0 {
				d.state = chunkDone
				return n, nil
			}
			d.trailer += len(line) + 2
			if d.trailer > d.maxTrailer {
				return n, errChunk
			}
			if _, _, perr := splitField(line); perr != nil {
				return n, errChunk
			}
			d.fields = append(d.fields, line...)
			d.fields = append(d.fields, "\r\n"...)
		case chunkDone:
			return n, nil
		}
	}
}

// line returns the next CRLF-ended line of in, without the CRLF; ok is false
// when in does not hold a whole line yet. A bare CR or LF is an error, and so
// is a line longer than any sane chunk header or trailer field.
func (d *chunkDecoder) line(in []byte) (line []byte, ok bool, err error) {
	i := bytes.IndexByte(in, '\n')
	if i < 0 {
		if len(in) > 4096 || (len(in) > 0 && bytes.IndexByte(in[:len(in)-1], '\r') >= 0) {
			return nil, false, errChunk
		}
		return nil, false, nil
	}
	if i == 0 || in[i-1] != '\r' || bytes.IndexByte(in[:i-1], '\r') >= 0 {
		return nil, false, errChunk
	}
	if i > 4096 {
		return nil, false, errChunk
	}
	return in[:i-1], true, nil
}

// parseChunkSize parses chunk-size [ chunk-ext ] (RFC 9112 section 7.1.1)
// and returns the size and the number of its hex digits.
func parseChunkSize(line []byte) (size int64, digits int, err error) {
	i := 0
	for i < len(line) && isHex(line[i]) {
		if i == 15 { // 16 hex digits would overflow int64
			return 0, 0, errChunk
		}
		size = size<<4 | int64(unhex(line[i]))
		i++
	}
	if i == 0 {
		return 0, 0, errChunk
	}
	if !validChunkExt(line[i:]) {
		return 0, 0, errChunk
	}
	return size, i, nil
}

// validChunkExt checks *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ),
// where ext-val is a token or a quoted-string. Whitespace is allowed only
// before a ";" or around "=", so "5 " is refused: the grammar has no room
// for it, and parsers that differ on it let requests be smuggled.
func validChunkExt(ext []byte) bool {
	ws := func() {
		for len(ext) > 0 && (ext[0] == ' ' || ext[0] == '\t') {
			ext = ext[1:]
		}
	}
	token := func() bool {
		n := 0
		for n < len(ext) && httpheader.IsTokenChar(ext[n]) {
			n++
		}
		ext = ext[n:]
		return n > 0
	}
	for len(ext) > 0 {
		ws()
		if len(ext) == 0 || ext[0] != ';' {
			return false
		}
		ext = ext[1:]
		ws()
		if !token() {
			return false
		}
		afterName := ext
		ws()
		if len(ext) == 0 || ext[0] != '=' {
			ext = afterName // whitespace here must lead to another ";"
			continue
		}
		ext = ext[1:]
		ws()
		if len(ext) > 0 && ext[0] == '"' {
			ext = ext[1:]
			closed := false
			for len(ext) > 0 {
				c := ext[0]
				ext = ext[1:]
				if c == '"' {
					closed = true
					break
				}
				if c == '\\' {
					if len(ext) == 0 || !httpheader.IsFieldVchar(ext[0]) {
						return false
					}
					ext = ext[1:]
					continue
				}
				if !httpheader.IsFieldVchar(c) {
					return false
				}
			}
			if !closed {
				return false
			}
		} else if !token() {
			return false
		}
	}
	return true
}

func isHex(c byte) bool {
	return isDigit(c) || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

func unhex(c byte) byte {
	switch {
	case isDigit(c):
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
