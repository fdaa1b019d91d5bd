package httpheader

// tchar is RFC 9110's token character (section 5.6.2):
//
//	tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
//	        "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
var tchar = func() (t [256]bool) {
	for _, c := range []byte("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		t[c] = true
	}
	return t
}()

// IsTokenChar reports whether c is a tchar, a character a token may hold.
func IsTokenChar(c byte) bool { return tchar[c] }

// IsToken reports whether s is a token (RFC 9110 section 5.6.2): one or more
// tchars. Methods, field names, content codings, Connection options and Vary
// members are tokens.
func IsToken[T ~string | ~[]byte](s T) bool {
	if len(s) == 0 {
		return false
	}
	for i := range len(s) {
		if !tchar[s[i]] {
			return false
		}
	}
	return true
}

// EqualFold reports whether s and t are equal without regard to ASCII case,
// as header names, tokens and directives compare (RFC 9110 sections 5.1 and
// 5.6.2). Bytes outside ASCII must match exactly: unlike
// [strings.EqualFold], no Unicode folding makes "K" (the Kelvin sign) equal
// "k".
func EqualFold[T ~string | ~[]byte](s T, t string) bool {
	if len(s) != len(t) {
		return false
	}
	for i := range len(s) {
		if lower(s[i]) != lower(t[i]) {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
