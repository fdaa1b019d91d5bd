package router

import (
	"net/url"
	"strings"
)

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

// isDot reports whether a decoded segment is a dot segment, which clients
// resolve away (RFC 3986 section 5.2.4).
func isDot(seg string) bool { return seg == "." || seg == ".." }

// writeSegment writes v, a :param's value, as one escaped path segment. A
// value that is itself a dot segment is written "%2E" or "%2E%2E": the
// router decodes it back, though a client that resolves encoded dots too
// (a browser: the WHATWG URL standard does) or a [CleanPath] router will
// not keep it.
func writeSegment(b *strings.Builder, v string) {
	switch v {
	case ".":
		b.WriteString("%2E")
	case "..":
		b.WriteString("%2E%2E")
	default:
		b.WriteString(url.PathEscape(v))
	}
}

// writeRest writes v, a *catch-all's value, as escaped path segments, its
// slashes kept where they are harmless. A slash next to a dot segment, or
// one that would leave an empty segment before another ("a//b", a leading
// "/"), is written "%2F": the segments around it become one, which no
// client resolves and no proxy merges, and which decodes to the same value
// ("../x" is written "..%2Fx"). A trailing slash stays a slash. Only a value
// that is a dot segment alone falls back on writeSegment.
func writeRest(b *strings.Builder, v string) {
	if isDot(v) {
		writeSegment(b, v)
		return
	}
	segs := strings.Split(v, "/")
	// unsafe reports whether segment i cannot stand alone between slashes.
	unsafe := func(i int) bool {
		return isDot(segs[i]) || (segs[i] == "" && i < len(segs)-1)
	}
	for i, seg := range segs {
		if i > 0 {
			if unsafe(i-1) || unsafe(i) {
				b.WriteString("%2F")
			} else {
				b.WriteByte('/')
			}
		}
		b.WriteString(url.PathEscape(seg))
	}
}
