package cookie

import (
	"net/http"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/httpheader"
)

// Get returns the value of the first cookie named name that the client
// sent, and whether there was one. Browsers send the cookie with the most
// specific Path first. It parses as net/http's Request.Cookie does, and
// copies nothing: the value is a part of the header.
func Get(req *iron.Request, name string) (string, bool) {
	if name == "" {
		return "", false
	}
	for _, line := range cookieLines(req) {
		if v, ok := find(line, name); ok {
			return v, true
		}
	}
	return "", false
}

// All returns every cookie the client sent, in order, with Name and Value
// (and Quoted) set, parsed as net/http's Request.Cookies does. The slice is
// computed once per request and shared by every caller: treat it as
// read-only. A request without cookies gets an empty slice.
func All(req *iron.Request) []*http.Cookie {
	all, _ := iron.Compute(req, allCookies)
	return all
}

var allCookies = iron.NewPlugin("cookie.all", func(req *iron.Request) ([]*http.Cookie, error) {
	var all []*http.Cookie
	for _, line := range cookieLines(req) {
		each(line, func(name, value string, quoted bool) bool {
			all = append(all, &http.Cookie{Name: name, Value: value, Quoted: quoted})
			return true
		})
	}
	if all == nil {
		all = []*http.Cookie{}
	}
	return all, nil
})

// cookieLines returns the request's Cookie header lines: all of them, as
// net/http reads them, though RFC 6265 section 5.4 sends only one.
func cookieLines(req *iron.Request) []string {
	return req.HeaderValues("Cookie")
}

// find returns the value of the first valid cookie named name in one Cookie
// header line.
func find(line, name string) (value string, found bool) {
	each(line, func(n, v string, _ bool) bool {
		if n == name {
			value, found = v, true
			return false
		}
		return true
	})
	return value, found
}

// each calls fn with every valid cookie of one Cookie header line until fn
// returns false. It follows net/http's readCookies exactly (so that Iron and
// net/http agree on what a client sent, which FuzzParse checks): pairs split
// at ';', optional whitespace trimmed, a name that is not a token or a value
// with a byte outside 0x20-0x7e, '"', ';' or '\\' skips the pair, and one
// pair of surrounding double quotes is removed.
func each(line string, fn func(name, value string, quoted bool) bool) {
	line = trimOWS(line)
	for len(line) > 0 {
		var part string
		part, line = cut(line, ';')
		part = trimOWS(part)
		if part == "" {
			continue
		}
		name, value := cut(part, '=')
		name = trimOWS(name)
		if !httpheader.IsToken(name) {
			continue
		}
		quoted := false
		if len(value) > 1 && value[0] == '"' && value[len(value)-1] == '"' {
			value, quoted = value[1:len(value)-1], true
		}
		if !validReadValue(value) {
			continue
		}
		if !fn(name, value, quoted) {
			return
		}
	}
}

func cut(s string, sep byte) (before, after string) {
	for i := 0; i < len(s); i++ {
		if s[i] == sep {
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}

// trimOWS trims what net/textproto.TrimString trims: space, tab, CR, LF.
func trimOWS(s string) string {
	for len(s) > 0 && isOWS(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isOWS(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

func isOWS(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// validReadValue accepts what net/http accepts in a received value: more
// than RFC 6265 allows (space and comma), as browsers send such values.
func validReadValue(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == ';' || c == '\\' {
			return false
		}
	}
	return true
}
