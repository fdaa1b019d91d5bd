package router

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/iron-go/iron"
)

// ErrHostNotAllowed is wrapped by the error [URLFor] returns when the
// request's Host is one the router may not put in a URL: not a host name or
// IP address (with an optional port), or, with [AllowedHosts], none of the
// hosts allowed while no [CanonicalOrigin] is set. The error is an
// [*iron.Error] whose response is a 421 Misdirected Request, the status RFC
// 9110 (section 15.5.20) gives to a request for an origin the server is not
// configured for, so a handler that returns it as it is answers rightly.
var ErrHostNotAllowed = errors.New("router: host not allowed")

// AllowedHosts sets the hosts whose names [URLFor] may put in the absolute
// URLs it builds: a request whose Host is one of them gets URLs on that host
// (and the request's scheme); any other gets URLs on the [CanonicalOrigin]
// if one is set, and else a 421 error wrapping [ErrHostNotAllowed]. Without
// AllowedHosts or CanonicalOrigin, URLFor trusts every Host: see
// [Router.URLFor] for the risk.
//
// A host is a name or an IP address, compared without regard to case or a
// trailing dot: "example.com" allows that name on any port,
// "example.com:8443" on that port only, "[::1]" an IPv6 address, and
// "*.example.com" every name that ends in ".example.com" (not example.com
// itself). Each call adds to the hosts of the calls before it. [New] panics
// when no host is given, and on a host that is not a host (a URL, a path, a
// bare "*").
func AllowedHosts(hosts ...string) Option {
	return func(r *Router) {
		if len(hosts) == 0 {
			panic(errors.New("router: AllowedHosts(): no host given (set CanonicalOrigin to trust none)"))
		}
		for _, h := range hosts {
			p, err := parseHostPattern(h)
			if err != nil {
				panic(fmt.Errorf("router: AllowedHosts(%q): %v", h, err))
			}
			r.hosts = append(r.hosts, p)
		}
	}
}

// CanonicalOrigin sets the scheme and host, such as "https://example.com"
// or "https://example.com:8443", of the absolute URLs [URLFor] builds when
// the request's Host cannot be used: always, unless [AllowedHosts] allows
// the request's Host. It is the site's public address, and what URLs in
// e-mails and feeds should carry whatever Host a request came with. [New]
// panics on anything but an http or https origin with no path, query or
// user information.
func CanonicalOrigin(origin string) Option {
	return func(r *Router) {
		o, err := parseOrigin(origin)
		if err != nil {
			panic(fmt.Errorf("router: CanonicalOrigin(%q): %v", origin, err))
		}
		r.canonical = o
	}
}

// hostPattern is one entry of AllowedHosts.
type hostPattern struct {
	name     string // lower case, no trailing dot; for a wildcard, the suffix with its dot (".example.com")
	port     string // digits, or "" for any port
	wildcard bool
}

func parseHostPattern(s string) (hostPattern, error) {
	var p hostPattern
	if rest, ok := strings.CutPrefix(s, "*."); ok {
		p.wildcard = true
		s = rest
	}
	name, port, ok := splitHost(s)
	if !ok || name == "" {
		return p, errors.New("not a host name or IP address, with an optional port")
	}
	if p.wildcard && name[0] == '[' {
		return p, errors.New("a wildcard needs a name, not an address")
	}
	p.name, p.port = name, port
	if p.wildcard {
		p.name = "." + name
	}
	return p, nil
}

// parseOrigin checks an origin and returns it as "scheme://host[:port]", in
// lower case.
func parseOrigin(s string) (string, error) {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return "", err
	case u.Scheme != "http" && u.Scheme != "https":
		return "", errors.New("want http://host or https://host")
	case u.User != nil || u.Opaque != "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return "", errors.New("an origin is a scheme and a host, with nothing after them")
	}
	name, port, ok := splitHost(u.Host)
	if !ok || name == "" {
		return "", fmt.Errorf("host %q: not a host name or IP address, with an optional port", u.Host)
	}
	if port != "" {
		name += ":" + port
	}
	return u.Scheme + "://" + name, nil
}

// splitHost splits a Host value into its name, in lower case and without a
// trailing dot, and its port, and reports whether it is well formed: a DNS
// name (letters, digits, '-', '_' and dots between labels), or an IPv4
// address, or an IPv6 one in brackets (kept), then ":" and a port, digits
// up to 65535.
// Anything else (sub-delims, '%', '@', '/', '?', an empty label) is not a
// host a URL is built on.
func splitHost(host string) (name, port string, ok bool) {
	name = host
	if strings.HasPrefix(host, "[") {
		end := strings.IndexByte(host, ']')
		if end < 2 {
			return "", "", false
		}
		for i := 1; i < end; i++ {
			if c := host[i]; !isHex(c) && c != ':' && c != '.' {
				return "", "", false
			}
		}
		name, port = host[:end+1], host[end+1:]
	} else if i := strings.IndexByte(host, ':'); i >= 0 {
		name, port = host[:i], host[i:]
	}
	if port != "" {
		port = port[1:]
		if n, err := strconv.Atoi(port); err != nil || n > 65535 || !allDigits(port) {
			return "", "", false
		}
	}
	if name == "" || name[0] == '[' {
		return strings.ToLower(name), port, true
	}
	name = strings.TrimSuffix(name, ".")
	for label := range strings.SplitSeq(name, ".") {
		if label == "" {
			return "", "", false
		}
		for i := 0; i < len(label); i++ {
			c := label[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return "", "", false
			}
		}
	}
	return strings.ToLower(name), port, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// allows reports whether the host name and port of a request match p.
func (p hostPattern) allows(name, port string) bool {
	if p.port != "" && p.port != port {
		return false
	}
	if p.wildcard {
		return len(name) > len(p.name) && strings.HasSuffix(name, p.name)
	}
	return name == p.name
}

// origin returns the scheme and host URLFor puts before a path, or "" for
// a path-absolute URL (a request that named no host, on a router with no
// canonical origin).
func (r *Router) origin(req *iron.Request) (string, error) {
	host := req.Host()
	if host == "" {
		return r.canonical, nil
	}
	name, port, ok := splitHost(host)
	if ok && name != "" {
		if len(r.hosts) == 0 && r.canonical == "" {
			return req.Scheme() + "://" + host, nil
		}
		for _, p := range r.hosts {
			if p.allows(name, port) {
				return req.Scheme() + "://" + host, nil
			}
		}
	}
	if r.canonical != "" {
		return r.canonical, nil
	}
	return "", iron.NewError(fmt.Errorf("%w: %q", ErrHostNotAllowed, host), http.StatusMisdirectedRequest,
		"421 Misdirected Request: this server builds no URL for the host in the request\n")
}
