package httpheader

import (
	"net/http"
	"strings"
)

// NextElement splits the first element off a comma-separated list (RFC 9110
// section 5.6.1) and returns it, without the optional whitespace (spaces and
// tabs) around it, and the rest of the list after its comma. A comma inside a
// quoted-string ("a, b" in `private="a, b"`) does not end the element, and a
// backslash inside one escapes the character after it; a quoted-string left
// open runs to the end of the list. Empty elements, which the list syntax
// allows ("a, , b"), come back as "": callers skip them.
//
// Walk a field's values with it, stopping when rest is empty:
//
//	for _, v := range values {
//		for rest := v; rest != ""; {
//			var elem string
//			elem, rest = httpheader.NextElement(rest)
//			...
//		}
//	}
//
// It allocates nothing: elem and rest are slices of list.
func NextElement[T ~string | ~[]byte](list T) (elem, rest T) {
	quoted := false
	for i := 0; i < len(list); i++ {
		switch c := list[i]; {
		case quoted && c == '\\':
			i++ // the escaped character, whatever it is
		case c == '"':
			quoted = !quoted
		case c == ',' && !quoted:
			return TrimOWS(list[:i]), list[i+1:]
		}
	}
	return TrimOWS(list), list[len(list):]
}

// TrimOWS returns s without the optional whitespace, spaces and horizontal
// tabs (RFC 9110 section 5.6.3), at either end.
func TrimOWS[T ~string | ~[]byte](s T) T {
	start, end := 0, len(s)
	for start < end && (s[start] == ' ' || s[start] == '\t') {
		start++
	}
	for end > start && (s[end-1] == ' ' || s[end-1] == '\t') {
		end--
	}
	return s[start:end]
}

// HasToken reports whether the comma-separated lists in values (the values
// of one field, which together form one list: RFC 9110 section 5.3) hold
// token as a whole element, compared without regard to case: "close" is in
// "keep-alive, Close" but not in "closed" nor in "x;close". A token with
// parameters or a value ("gzip;q=1", "max-age=0") is not the bare token; see
// [HasDirective] for those. An empty token is in no list.
func HasToken(values []string, token string) bool {
	if token == "" {
		return false
	}
	for _, v := range values {
		for rest := v; rest != ""; {
			var elem string
			elem, rest = NextElement(rest)
			if EqualFold(elem, token) {
				return true
			}
		}
	}
	return false
}

// HasDirective reports whether the comma-separated lists in values hold the
// directive name, with or without an argument, as Cache-Control writes them
// (RFC 9111 section 5.2: `directive = token [ "=" ( token / quoted-string ) ]`):
// "no-transform" is in "public, no-transform" and "max-age" in
// "max-age=60", compared without regard to case. An empty name is in no list.
func HasDirective(values []string, name string) bool {
	if name == "" {
		return false
	}
	for _, v := range values {
		for rest := v; rest != ""; {
			var elem string
			elem, rest = NextElement(rest)
			if i := strings.IndexByte(elem, '='); i >= 0 {
				elem = TrimOWS(elem[:i])
			}
			if EqualFold(elem, name) {
				return true
			}
		}
	}
	return false
}

// AddVary adds to h's Vary field the names it does not list yet (compared
// without regard to case), on one new line, and nothing when Vary is "*",
// which already says that the answer varies on anything (RFC 9110 section
// 12.5.5). Names must be field names; h must not be nil. It allocates only
// when it adds a line.
func AddVary(h http.Header, names ...string) {
	values := h.Values("Vary")
	if HasToken(values, "*") {
		return
	}
	var missing []string
	for i, n := range names {
		if HasToken(values, n) || containsFold(names[:i], n) {
			continue
		}
		missing = append(missing, n)
	}
	if len(missing) > 0 {
		h.Add("Vary", strings.Join(missing, ", "))
	}
}

func containsFold(list []string, s string) bool {
	for _, e := range list {
		if EqualFold(e, s) {
			return true
		}
	}
	return false
}
