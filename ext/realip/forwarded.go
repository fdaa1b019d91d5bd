package realip

import (
	"net/netip"
	"strings"

	"github.com/iron-go/iron"
)

// element is what the walk needs of one forwarded-element (RFC 7239
// section 4): its "for" and "proto" parameters, still as sent.
type element struct {
	forNode string
	hasFor  bool
	proto   string
}

// walkForwarded reads Forwarded header lines, right to left.
func (r *RealIP) walkForwarded(req *iron.Request, peer client) client {
	found := peer
	var buf [8]element
	lines := req.HeaderValues(r.header)
	for i := len(lines) - 1; i >= 0; i-- {
		elems, ok := parseForwarded(lines[i], buf[:0])
		if !ok {
			return peer // fail closed
		}
		for j := len(elems) - 1; j >= 0; j-- {
			e := elems[j]
			if !e.hasFor {
				return peer
			}
			a, ok := parseForwardedNode(e.forNode)
			if !ok {
				return peer
			}
			found.addr = a
			found.scheme = peer.scheme
			if p, ok := scheme(e.proto); ok {
				found.scheme = p
			}
			if !r.isTrusted(a) {
				return found
			}
		}
	}
	return found
}

// parseForwardedNode reads the node of a "for" parameter: an address with an
// optional port, the port possibly obfuscated ("_abc"). "unknown" and
// obfuscated names are not addresses.
func parseForwardedNode(s string) (addr netip.Addr, ok bool) {
	if a, ok := parseNode(s); ok {
		return a, true
	}
	if j := strings.LastIndexByte(s, ':'); j > 0 && j+1 < len(s) && s[j+1] == '_' && isObfuscated(s[j+1:]) {
		return parseNode(s[:j])
	}
	return netip.Addr{}, false
}

// isObfuscated reports whether s is an obfnode or obfport: "_" followed by
// ALPHA / DIGIT / "." / "_" / "-".
func isObfuscated(s string) bool {
	if len(s) < 2 || s[0] != '_' {
		return false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		if !(isAlnum(c) || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// parseForwarded parses one Forwarded line into elems and reports whether it
// is well formed: 1#forwarded-element, each a ";"-separated list of
// token "=" ( token / quoted-string ) pairs, no parameter twice in an
// element. Whitespace is allowed around "," and ";" but not around "=".
func parseForwarded(line string, elems []element) ([]element, bool) {
	s := line
	var cur element
	seen := 0 // bit set of the parameters met in cur: for, by, host, proto
	sawPair := false
	needSep := false // a pair was just read: only "," or ";" may follow
	for {
		s = trimOWS(s)
		if s == "" {
			break
		}
		if needSep && s[0] != ',' && s[0] != ';' {
			return nil, false
		}
		needSep = false
		switch s[0] {
		case ',':
			if sawPair {
				elems = append(elems, cur)
			}
			cur, seen, sawPair = element{}, 0, false
			s = s[1:]
			continue
		case ';':
			s = s[1:]
			continue
		}
		// token "=" value
		n := tokenLen(s)
		if n == 0 || n == len(s) || s[n] != '=' {
			return nil, false
		}
		name := s[:n]
		s = s[n+1:]
		var value string
		if s != "" && s[0] == '"' {
			v, rest, ok := quotedString(s)
			if !ok {
				return nil, false
			}
			value, s = v, rest
		} else {
			m := tokenLen(s)
			if m == 0 {
				return nil, false
			}
			value, s = s[:m], s[m:]
		}
		if s != "" && s[0] != ',' && s[0] != ';' && s[0] != ' ' && s[0] != '\t' {
			return nil, false
		}
		bit := 0
		switch {
		case strings.EqualFold(name, "for"):
			bit = 1
			cur.forNode, cur.hasFor = value, true
		case strings.EqualFold(name, "by"):
			bit = 2
		case strings.EqualFold(name, "host"):
			bit = 4
		case strings.EqualFold(name, "proto"):
			bit = 8
			cur.proto = value
		}
		if bit != 0 {
			if seen&bit != 0 {
				return nil, false // RFC 7239 section 4: at most once per element
			}
			seen |= bit
		}
		sawPair, needSep = true, true
	}
	if sawPair {
		elems = append(elems, cur)
	}
	return elems, true
}

// quotedString reads a quoted-string at the start of s (RFC 9110 section
// 5.6.4) and returns its unescaped content and the rest of s.
func quotedString(s string) (value, rest string, ok bool) {
	escaped := false
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			if i+1 >= len(s) || !isQuotedPairChar(s[i+1]) {
				return "", "", false
			}
			escaped = true
			i++
		case c == '"':
			v := s[1:i]
			if escaped {
				v = unescape(v)
			}
			return v, s[i+1:], true
		case !isQdtext(c):
			return "", "", false
		}
	}
	return "", "", false
}

func unescape(v string) string {
	var b strings.Builder
	b.Grow(len(v))
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' {
			i++
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

func isQdtext(c byte) bool {
	return c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c != 0x7f)
}

func isQuotedPairChar(c byte) bool { return c == '\t' || (c >= ' ' && c != 0x7f) }

func trimOWS(s string) string {
	for s != "" && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	return s
}

func tokenLen(s string) int {
	for i := 0; i < len(s); i++ {
		if !isTchar(s[i]) {
			return i
		}
	}
	return len(s)
}

func isToken(s string) bool { return s != "" && tokenLen(s) == len(s) }

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// isTchar reports whether c may appear in a token (RFC 9110 section 5.6.2).
func isTchar(c byte) bool {
	if isAlnum(c) {
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}
