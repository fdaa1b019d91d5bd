package httpheader

import "strings"

// Quote returns s as a quoted-string (RFC 9110 section 5.6.4): between
// double quotes, with each '"' and '\' escaped by a backslash, as parameter
// values such as a challenge's realm are written. s must be a field value
// ([ValidFieldValue]): a quoted-string cannot carry other control
// characters, escaped or not. It allocates the result.
func Quote(s string) string {
	if !strings.ContainsAny(s, `"\`) {
		return `"` + s + `"`
	}
	var b strings.Builder
	b.Grow(len(s) + 4)
	b.WriteByte('"')
	for i := range len(s) {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

// CutQuoted reads the quoted-string at the start of s (RFC 9110 section
// 5.6.4) and returns its content without the quotes and escapes, and the
// rest of s after the closing quote. ok is false, and value and rest empty,
// when s does not start with a well-formed quoted-string: no opening or no
// closing quote, a character that is neither qdtext nor escaped, or an
// escape of a character a quoted-pair cannot hold (a control character).
// It allocates only when the content holds an escape; otherwise value is a
// slice of s.
func CutQuoted(s string) (value, rest string, ok bool) {
	if s == "" || s[0] != '"' {
		return "", "", false
	}
	escaped := false
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			if i+1 >= len(s) || !IsFieldVchar(s[i+1]) {
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

// isQdtext reports whether c may stand unescaped in a quoted-string:
// HTAB, SP, %x21, %x23-5B, %x5D-7E and obs-text.
func isQdtext(c byte) bool { return c != '"' && c != '\\' && IsFieldVchar(c) }

// unescape drops the backslash of each quoted-pair of v, which CutQuoted
// has checked.
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
