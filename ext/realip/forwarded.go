package realip

import (
	"net/netip"
	"strings"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/httpheader"
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
		s = httpheader.TrimOWS(s)
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
			v, rest, ok := httpheader.CutQuoted(s)
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
		case httpheader.EqualFold(name, "for"):
			bit = 1
			cur.forNode, cur.hasFor = value, true
		case httpheader.EqualFold(name, "by"):
			bit = 2
		case httpheader.EqualFold(name, "host"):
			bit = 4
		case httpheader.EqualFold(name, "proto"):
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

// tokenLen returns the length of the token at the start of s: 0 when s
// does not start with one.
func tokenLen(s string) int {
	for i := 0; i < len(s); i++ {
		if !httpheader.IsTokenChar(s[i]) {
			return i
		}
	}
	return len(s)
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
