package httpheader

import "net/http"

// IsFieldVchar reports whether c may appear inside a field value as RFC 9110
// section 5.5 writes it: a visible character, obs-text (0x80 to 0xFF), space
// or horizontal tab; never another control character such as NUL, CR or LF,
// nor DEL.
func IsFieldVchar(c byte) bool { return c == '\t' || (c >= ' ' && c != 0x7f) }

// ValidFieldValue reports whether v is a field value as RFC 9110 section 5.5
// defines it: field-vchars, spaces and tabs only. It is the strict check, for
// what a server parses; what it sends needs at least [SafeFieldValue].
func ValidFieldValue[T ~string | ~[]byte](v T) bool {
	for i := range len(v) {
		if !IsFieldVchar(v[i]) {
			return false
		}
	}
	return true
}

// SafeFieldValue reports whether v holds no CR, LF or NUL: the characters RFC
// 9110 section 5.5 calls "invalid and dangerous", since a CR or LF ends the
// field (and lets a value forge fields or a whole response) and a NUL
// truncates it for some recipients. Every value a server writes must pass it.
func SafeFieldValue[T ~string | ~[]byte](v T) bool {
	for i := range len(v) {
		if c := v[i]; c == '\r' || c == '\n' || c == 0 {
			return false
		}
	}
	return true
}

// SafeHeader reports whether every field of h can be written as it is: each
// name a token ([IsToken]), each value safe ([SafeFieldValue]).
func SafeHeader(h http.Header) bool {
	for name, values := range h {
		if !IsToken(name) {
			return false
		}
		for _, v := range values {
			if !SafeFieldValue(v) {
				return false
			}
		}
	}
	return true
}
