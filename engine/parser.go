package engine

import (
	"bytes"
	"encoding/binary"
	"net/http"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/httpheader"
)

// head is a parsed request head. The session reuses one for every request,
// so the fields slice keeps its storage.
type head struct {
	method string
	target string
	proto  string
	minor  int // HTTP/1.minor
	host   string
	// contentLength is the body's length: -1 for chunked, 0 for none.
	contentLength  int64
	chunked        bool
	close          bool // the connection closes after this request
	expectContinue bool
	fields         []iron.HeaderField
}

// protoError is a request the engine refuses before any handler runs; the
// connection closes after its answer.
type protoError struct {
	status int
	msg    string
}

func (e *protoError) Error() string { return "engine: " + e.msg }

func badRequest(msg string) *protoError { return &protoError{http.StatusBadRequest, msg} }

// The refusals, made once so that refusing allocates nothing.
var (
	errBareLF         = badRequest("line not ended by CRLF")
	errRequestLine    = badRequest("malformed request line")
	errMethod         = badRequest("invalid method")
	errTarget         = badRequest("invalid request-target")
	errVersion        = badRequest("malformed HTTP version")
	errObsFold        = badRequest("obsolete line folding")
	errHeaderLine     = badRequest("malformed header line")
	errHeaderName     = badRequest("invalid header name")
	errHeaderValue    = badRequest("invalid header value")
	errContentLength  = badRequest("invalid Content-Length")
	errTwoLengths     = badRequest("repeated Content-Length")
	errLengthAndTE    = badRequest("Content-Length with Transfer-Encoding")
	errTEOnHTTP10     = badRequest("Transfer-Encoding on HTTP/1.0")
	errChunkedNotLast = badRequest("chunked is not the final transfer coding")
	errHost           = badRequest("missing, repeated or invalid Host")
	errHeadTooLarge   = &protoError{http.StatusRequestHeaderFieldsTooLarge, "request head too large"}
	errTooManyFields  = &protoError{http.StatusRequestHeaderFieldsTooLarge, "too many header fields"}
	errConnect        = &protoError{http.StatusNotImplemented, "CONNECT is not supported"}
	errURITooLong     = &protoError{http.StatusRequestURITooLong, "request-target too long"}
	errUnknownTE      = &protoError{http.StatusNotImplemented, "unsupported transfer coding"}
	errVersionUnsup   = &protoError{http.StatusHTTPVersionNotSupported, "unsupported HTTP version"}
	errExpectation    = &protoError{http.StatusExpectationFailed, "unsupported expectation"}
)

// limits are the parser's bounds.
type limits struct {
	maxHead   int // request head, request line included
	maxURI    int // request-target
	maxFields int // header field lines
}

// parseHead parses the request head at the start of b into h, per RFC 9112
// to the letter. It returns the length of the head, or 0 and nil when b does
// not hold a whole head yet, or a *protoError for a request to refuse.
func parseHead(b []byte, h *head, lim limits, in *interner) (int, *protoError) {
	// RFC 9112 section 2.2: ignore empty lines before the request line.
	start := 0
	for len(b)-start >= 2 && b[start] == '\r' && b[start+1] == '\n' {
		start += 2
	}
	rest := b[start:]
	nl := bytes.IndexByte(rest, '\n')
	if nl < 0 {
		if err := incompleteHead(rest, lim); err != nil {
			return 0, err
		}
		if len(b) >= lim.maxHead {
			// Empty lines count too, or a client could send them forever.
			return 0, errHeadTooLarge
		}
		return 0, nil
	}
	if nl == 0 || rest[nl-1] != '\r' {
		return 0, errBareLF
	}
	used := start + nl + 1
	if err := parseRequestLine(rest[:nl-1], h, lim, in); err != nil {
		return 0, err
	}
	if used > lim.maxHead {
		return 0, errHeadTooLarge
	}
	n, err := parseFields(rest[nl+1:], h, in, lim.maxHead-used, lim.maxFields)
	if err != nil || n == 0 {
		return 0, err
	}
	return used + n, nil
}

// incompleteHead decides whether a request line that has not ended yet (b
// holds no LF) can still become a valid one: it refuses early what is
// already too long or garbage, so that a client cannot make the engine wait
// for a bad request.
func incompleteHead(b []byte, lim limits) *protoError {
	if len(b) > 0 && !httpheader.IsTokenChar(b[0]) && !(b[0] == '\r' && len(b) == 1) {
		return errMethod
	}
	if len(b) > lim.maxURI+32 {
		// Method, SP, target, SP, version: the target is too long already.
		if sp := bytes.IndexByte(b, ' '); sp >= 0 && len(b)-sp > lim.maxURI {
			return errURITooLong
		}
	}
	if len(b) >= lim.maxHead {
		return errURITooLong // a request line this long has a target too long
	}
	return nil
}

// parseRequestLine parses method SP request-target SP HTTP-version (RFC 9112
// section 3): exactly one space between the three, nothing else.
func parseRequestLine(line []byte, h *head, lim limits, in *interner) *protoError {
	sp1 := bytes.IndexByte(line, ' ')
	if sp1 <= 0 {
		return errRequestLine
	}
	method := line[:sp1]
	for _, c := range method {
		if !httpheader.IsTokenChar(c) {
			return errMethod
		}
	}
	rest := line[sp1+1:]
	sp2 := bytes.IndexByte(rest, ' ')
	if sp2 < 0 {
		return errRequestLine
	}
	target, version := rest[:sp2], rest[sp2+1:]
	if len(target) > lim.maxURI {
		return errURITooLong
	}
	if len(target) == 0 || !validTarget(target) {
		return errTarget
	}
	if len(version) != 8 || string(version[:5]) != "HTTP/" || !isDigit(version[5]) || version[6] != '.' || !isDigit(version[7]) {
		return errVersion
	}
	switch {
	case version[5] != '1':
		return errVersionUnsup
	case version[7] == '0':
		h.proto, h.minor = "HTTP/1.0", 0
	default:
		// A later 1.x is served as HTTP/1.1, the highest minor version the
		// engine implements (RFC 9110 section 2.5).
		h.proto, h.minor = http1Protos[version[7]-'0'], 1
	}
	h.method = in.method(method)
	h.target = in.str(target)
	h.host = ""

	switch {
	case h.method == http.MethodConnect:
		// The engine makes no tunnels: 501 (RFC 9110 section 9.3.6 lets a
		// server that does not offer CONNECT refuse it), and the connection
		// closes, for what follows the head may be tunnel bytes.
		return errConnect
	case target[0] == '/':
	case len(target) == 1 && target[0] == '*':
		if h.method != http.MethodOptions {
			return errTarget
		}
	default:
		authority, ok := absoluteAuthority(target)
		if !ok {
			return errTarget
		}
		h.host = in.str(authority)
	}
	return nil
}

// http1Protos names the HTTP/1.x versions, so that none is made per request.
var http1Protos = [10]string{"HTTP/1.0", "HTTP/1.1", "HTTP/1.2", "HTTP/1.3", "HTTP/1.4", "HTTP/1.5", "HTTP/1.6", "HTTP/1.7", "HTTP/1.8", "HTTP/1.9"}

// absoluteAuthority returns the authority of an absolute-form http or https
// target (RFC 9112 section 3.2.2).
func absoluteAuthority(target []byte) ([]byte, bool) {
	i := bytes.Index(target, []byte("://"))
	if i < 0 {
		return nil, false
	}
	scheme := target[:i]
	if !httpheader.EqualFold(scheme, "http") && !httpheader.EqualFold(scheme, "https") {
		return nil, false
	}
	authority := target[i+3:]
	if j := bytes.IndexAny(authority, "/?"); j >= 0 {
		authority = authority[:j]
	}
	if len(authority) == 0 || bytes.IndexByte(authority, '@') >= 0 || !validHost(authority) {
		return nil, false
	}
	return authority, true
}

// parseFields parses the header section: each line is name ":" OWS value OWS
// CRLF (RFC 9112 section 5), up to an empty line, and decides the message's
// framing (section 6). It returns the section's length, or 0 when b does not
// hold all of it yet; the section may be at most budget bytes long.
func parseFields(b []byte, h *head, in *interner, budget, maxFields int) (int, *protoError) {
	h.fields = h.fields[:0]
	h.contentLength, h.chunked, h.expectContinue = 0, false, false
	var (
		hosts      int
		haveLength bool
		haveTE     bool
		unknownTE  bool
		keepAlive  bool
		closeConn  bool
	)
	pos := 0
	for {
		i := bytes.IndexByte(b[pos:], '\n')
		if i < 0 {
			if len(b) > budget {
				return 0, errHeadTooLarge
			}
			return 0, nil
		}
		if pos+i+1 > budget {
			return 0, errHeadTooLarge
		}
		if i == 0 || b[pos+i-1] != '\r' {
			return 0, errBareLF
		}
		line := b[pos : pos+i-1]
		pos += i + 1
		if len(line) == 0 {
			break
		}
		if len(h.fields) == maxFields {
			return 0, errTooManyFields
		}
		name, value, err := splitField(line)
		if err != nil {
			return 0, err
		}
		isHost := false
		switch {
		case httpheader.EqualFold(name, "host"):
			// A Host must be valid even when an absolute-form target's
			// authority overrides it (RFC 9110 section 7.2).
			hosts++
			isHost = true
			if !validHost(value) {
				return 0, errHost
			}
		case httpheader.EqualFold(name, "content-length"):
			// One Content-Length, one number. RFC 9110 section 8.6 lets a
			// recipient take "42, 42" (or two lines of 42) as 42, or
			// refuse it: the engine refuses, as a message framed twice is
			// more often an attack than a client's slip.
			if haveLength {
				return 0, errTwoLengths
			}
			n, ok := parseLength(value)
			if !ok {
				return 0, errContentLength
			}
			h.contentLength, haveLength = n, true
		case httpheader.EqualFold(name, "transfer-encoding"):
			haveTE = true
			if len(value) == 0 {
				return 0, errChunkedNotLast
			}
			for list := value; len(list) > 0; {
				var coding []byte
				coding, list = httpheader.NextElement(list)
				if len(coding) == 0 {
					continue
				}
				if h.chunked {
					// Nothing may follow chunked, and chunked is applied once
					// (RFC 9112 section 6.1).
					return 0, errChunkedNotLast
				}
				if httpheader.EqualFold(coding, "chunked") {
					h.chunked = true
				} else {
					unknownTE = true
				}
			}
		case httpheader.EqualFold(name, "connection"):
			// Connection options are tokens, so a quote has no meaning
			// here: the list is split at every comma, as net/http (and
			// the Go proxies built on it) read it, so that the engine
			// closes when they do. FuzzParseHead checks that agreement.
			for list, more := value, true; more; {
				var opt []byte
				opt, list, more = bytes.Cut(list, []byte{','})
				switch opt = httpheader.TrimOWS(opt); {
				case httpheader.EqualFold(opt, "close"):
					closeConn = true
				case httpheader.EqualFold(opt, "keep-alive"):
					keepAlive = true
				}
			}
		case httpheader.EqualFold(name, "expect"):
			if !httpheader.EqualFold(value, "100-continue") {
				return 0, errExpectation
			}
			h.expectContinue = h.minor == 1
		}
		f := iron.HeaderField{Name: in.name(name), Value: in.str(value)}
		if isHost && hosts == 1 && h.host == "" {
			h.host = f.Value
		}
		h.fields = append(h.fields, f)
	}
	if haveTE {
		switch {
		case h.minor == 0:
			return 0, errTEOnHTTP10
		case haveLength:
			return 0, errLengthAndTE
		case !h.chunked:
			if unknownTE {
				return 0, errUnknownTE
			}
			return 0, errChunkedNotLast
		case unknownTE:
			return 0, errUnknownTE
		}
		h.contentLength = -1
	}
	if hosts > 1 || (hosts == 0 && h.minor == 1) {
		return 0, errHost
	}
	h.close = closeConn || (h.minor == 0 && !keepAlive)
	return pos, nil
}

// splitField splits a header line into its name and its value without the
// optional whitespace around it.
func splitField(line []byte) (name, value []byte, err *protoError) {
	if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') {
		return nil, nil, errObsFold
	}
	// One pass over the name, up to its colon.
	colon := 0
	for colon < len(line) && httpheader.IsTokenChar(line[colon]) {
		colon++
	}
	switch {
	case colon == len(line):
		return nil, nil, errHeaderLine // no colon
	case line[colon] != ':':
		// Not a token character (whitespace before the colon, say).
		if bytes.IndexByte(line[colon:], ':') < 0 {
			return nil, nil, errHeaderLine
		}
		return nil, nil, errHeaderName
	case colon == 0:
		return nil, nil, errHeaderName
	}
	value = httpheader.TrimOWS(line[colon+1:])
	if !validFieldBytes(value) {
		return nil, nil, errHeaderValue
	}
	return line[:colon], value, nil
}

// Bytes repeated in each byte of a word, for the scans below, which look at
// eight bytes at a time and fall back to one at a time only around a byte
// that needs a closer look.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// hasLess reports whether a byte of w is less than n (n at most 128).
func hasLess(w uint64, n byte) bool { return (w-ones*uint64(n))&^w&highs != 0 }

// hasByte reports whether a byte of w is c.
func hasByte(w uint64, c byte) bool { return hasLess(w^(ones*uint64(c)), 1) }

// validFieldBytes reports whether every byte of v may appear in a field
// value (httpheader.IsFieldVchar).
func validFieldBytes(v []byte) bool {
	i := 0
	for ; i+8 <= len(v); i += 8 {
		if w := binary.LittleEndian.Uint64(v[i:]); hasLess(w, ' ') || hasByte(w, 0x7f) {
			break // a control character, or a tab: look closer
		}
	}
	for ; i < len(v); i++ {
		if !httpheader.IsFieldVchar(v[i]) {
			return false
		}
	}
	return true
}

// validTarget reports whether a request-target holds visible ASCII only,
// no fragment, and only whole percent-encodings, in the path and the query
// alike (RFC 3986 section 2.1: "%" is never allowed alone).
func validTarget(t []byte) bool {
	i := 0
	for i < len(t) {
		if i+8 <= len(t) {
			w := binary.LittleEndian.Uint64(t[i:])
			if !hasLess(w, '!') && w&highs == 0 && !hasByte(w, 0x7f) && !hasByte(w, '#') && !hasByte(w, '%') {
				i += 8
				continue
			}
		}
		switch c := t[i]; {
		case c <= ' ' || c >= 0x7f || c == '#':
			return false
		case c == '%':
			if i+2 >= len(t) || !isHex(t[i+1]) || !isHex(t[i+2]) {
				return false
			}
		}
		i++
	}
	return true
}

// parseLength parses 1*DIGIT, refusing signs, spaces, lists and overflow.
func parseLength(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// validHost reports whether b can be a Host (RFC 9110 section 7.2): a
// reg-name or IPv4 address, or a bracketed IPv6 literal, then an optional
// ":" port of digits.
func validHost(b []byte) bool {
	if len(b) == 0 {
		return true // an empty Host is allowed when the target has none
	}
	var port []byte
	if b[0] == '[' {
		end := bytes.IndexByte(b, ']')
		if end < 2 {
			return false
		}
		for _, c := range b[1:end] {
			if !isHex(c) && c != ':' && c != '.' {
				return false
			}
		}
		port = b[end+1:]
	} else {
		name := b
		if i := bytes.IndexByte(b, ':'); i >= 0 {
			name, port = b[:i], b[i:]
		}
		// Percent-encoded names are refused: no client needs one, and
		// decoders disagree on them.
		for _, c := range name {
			if !hostChar[c] {
				return false
			}
		}
	}
	if len(port) == 0 {
		return true
	}
	if port[0] != ':' {
		return false
	}
	for _, c := range port[1:] {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

// hostChar is what a reg-name may hold here: unreserved
// and sub-delims characters (RFC 3986 section 3.2.2).
var hostChar = func() (t [256]bool) {
	for _, c := range []byte("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=") {
		t[c] = true
	}
	return t
}()

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
