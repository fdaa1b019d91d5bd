package csrf

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/iron-go/iron"
)

// CrossOrigin is a before middleware that refuses unsafe requests browsers
// send from other origins (see the package doc). Make one with
// [NewCrossOrigin].
type CrossOrigin struct{ c *config }

// NewCrossOrigin returns cross-origin middleware configured by opts (nil
// ones skipped). It needs no session. It panics on an option that applies
// to [New] only.
func NewCrossOrigin(opts ...Option) *CrossOrigin {
	c := newConfig(opts)
	if len(c.tokenOnly) > 0 {
		panic(fmt.Errorf("csrf: NewCrossOrigin: %s applies to New only", strings.Join(c.tokenOnly, ", ")))
	}
	return &CrossOrigin{c: c}
}

// Before lets safe, skipped, same-origin and non-browser requests through,
// and refuses an unsafe request from another origin, saying why.
func (co *CrossOrigin) Before(req *iron.Request) error {
	if safe(req.Method()) || (co.c.skip != nil && co.c.skip(req)) {
		return nil
	}
	origin := req.HeaderValue("Origin")
	switch site := req.HeaderValue("Sec-Fetch-Site"); site {
	case "same-origin", "none":
		return nil
	case "":
		// An older browser, or not a browser: judge by Origin.
		if origin == "" || sameHost(origin, req.Host()) || co.trusted(origin) {
			return nil
		}
		return co.c.refuse(req, ErrCrossOrigin, fmt.Sprintf("Origin %q does not match the host %q", origin, req.Host()))
	default:
		if co.trusted(origin) {
			return nil
		}
		return co.c.refuse(req, ErrCrossOrigin, fmt.Sprintf("the browser sent Sec-Fetch-Site: %q", site))
	}
}

func (co *CrossOrigin) trusted(origin string) bool {
	return origin != "" && co.c.trusted[strings.ToLower(origin)]
}

// sameHost reports whether an Origin names the host a request was sent to.
// The scheme is not compared, as behind a proxy that terminates TLS the
// server cannot know it; a port the scheme implies is ignored on both
// sides.
func sameHost(origin, host string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return false // "null", and anything else that names no host
	}
	return strings.EqualFold(withoutPort(u.Host, u.Scheme), withoutPort(host, u.Scheme))
}

// withoutPort drops the default port of scheme from host.
func withoutPort(host, scheme string) string {
	if scheme == "https" {
		return strings.TrimSuffix(host, ":443")
	}
	return strings.TrimSuffix(host, ":80")
}
