package router

import "strings"

// canonical returns the form of an escaped path, or of a pattern's literal
// text, that the tree matches on: every percent-escape is decoded except
// those of '/' and '%', which stay escaped (as "%2F" and "%25"), and a '%'
// that starts no valid escape becomes "%25". So "/caf%C3%A9", "/caf%c3%a9"
// and "/café" are one path, while "/files/a%2Fb" keeps its encoded slash
// inside one segment. A path without '%' is returned as is, without
// allocating.
func canonical(path string) string {
	i := strings.IndexByte(path, '%')
	if i < 0 {
		return path
	}
	var b strings.Builder
	b.Grow(len(path) + 4)
	b.WriteString(path[:i])
	for ; i < len(path); i++ {
		c := path[i]
		if c != '%' {
			b.WriteByte(c)
			continue
		}
		if i+2 >= len(path) || !isHex(path[i+1]) || !isHex(path[i+2]) {
			b.WriteString("%25")
			continue
		}
		switch d := unhex(path[i+1])<<4 | unhex(path[i+2]); d {
		case '/':
			b.WriteString("%2F")
		case '%':
			b.WriteString("%25")
		default:
			b.WriteByte(d)
		}
		i += 2
	}
	return b.String()
}

// decode turns a canonical path, segment or parameter value into the text it
// stands for: "%2F" becomes '/' and "%25" becomes '%', the only escapes a
// canonical path keeps. A value without '%' is returned as is.
func decode(s string) string {
	i := strings.IndexByte(s, '%')
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10
	}
	return 0
}

// safeLocation keeps a path-absolute Location from reading as a
// network-path reference: "//evil.example/" (or "/\evil.example/", which
// browsers treat alike) would send the client to another host.
func safeLocation(path string) string {
	if len(path) > 1 && path[0] == '/' && (path[1] == '/' || path[1] == '\\') {
		return "/" + strings.TrimLeft(path, `/\`)
	}
	return path
}
