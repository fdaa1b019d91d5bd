package realip

import (
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/httpheader"
)

// DefaultHeader is the header RealIP reads unless [Header] names another.
const DefaultHeader = "X-Forwarded-For"

// client is what RealIP found for a request.
type client struct {
	addr     netip.Addr
	scheme   string
	viaProxy bool // the connection's peer is a trusted proxy
}

var key = iron.NewKey[client]("realip")

// Get returns the client address [RealIP] found for req, and whether it ran
// for req. The address is the connection's peer when the peer is not a
// trusted proxy; it is invalid only when the peer's address is unknown.
func Get(req *iron.Request) (netip.Addr, bool) {
	c, ok := iron.Get(req, key)
	return c.addr, ok
}

// ClientAddr returns the client's address: the one [RealIP] found, else the
// connection's peer address, else the zero (invalid) netip.Addr when neither
// is known. It never reads a forwarding header itself, so it is safe to call
// from any middleware.
func ClientAddr(req *iron.Request) netip.Addr {
	if c, ok := iron.Get(req, key); ok {
		return c.addr
	}
	return PeerAddr(req)
}

// Scheme returns the scheme the client used, "http" or "https": the one
// [RealIP] found through trusted proxies, else the connection's own
// ([iron.Request.Scheme]).
func Scheme(req *iron.Request) string {
	if c, ok := iron.Get(req, key); ok {
		return c.scheme
	}
	return req.Scheme()
}

// FromTrustedProxy reports whether req came through a proxy that the
// [RealIP] that ran for it trusts: the connection's peer is one of its
// [TrustedProxies]. What such a proxy sets in a request's headers may be
// believed; what a client sent straight may not. It is false for a request
// straight from a client, and when RealIP did not run for req: link RealIP
// before the middleware that asks. Its type is that of a request
// predicate, so that it can be passed as one:
//
//	requestid.New(requestid.Trust(realip.FromTrustedProxy))
func FromTrustedProxy(req *iron.Request) bool {
	c, ok := iron.Get(req, key)
	return ok && c.viaProxy
}

// PeerAddr returns the address of the connection's peer, unmapped and
// without zone, or the zero netip.Addr when the server gave none it can
// read.
func PeerAddr(req *iron.Request) netip.Addr {
	var a netip.Addr
	switch ra := req.RemoteAddr().(type) {
	case nil:
		return netip.Addr{}
	case *net.TCPAddr:
		a = ra.AddrPort().Addr()
	default:
		ap, err := netip.ParseAddrPort(ra.String())
		if err != nil {
			a, _ = netip.ParseAddr(ra.String())
		} else {
			a = ap.Addr()
		}
	}
	return normalize(a)
}

func normalize(a netip.Addr) netip.Addr { return a.Unmap().WithZone("") }

// RealIP is a before middleware that finds the client's address and scheme
// (see the package doc). Build it with [New]; it is read-only once built and
// safe for concurrent use.
type RealIP struct {
	trusted   []netip.Prefix
	header    string
	forwarded bool // header is Forwarded (RFC 7239), not an address list
}

// Option configures a [RealIP]; see [New].
type Option func(*RealIP) error

// TrustedProxies adds the proxies whose forwarding headers are believed:
// CIDR prefixes ("10.0.0.0/8", "fd00::/8") or single addresses
// ("127.0.0.1"). Without it no header is believed and the client is always
// the connection's peer.
func TrustedProxies(cidrs ...string) Option {
	return func(r *RealIP) error {
		for _, s := range cidrs {
			p, err := parsePrefix(s)
			if err != nil {
				return fmt.Errorf("realip: TrustedProxies(%q): %w", s, err)
			}
			r.trusted = append(r.trusted, p)
		}
		return nil
	}
}

func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, err
		}
		if p.Addr().Is4In6() {
			// ::ffff:10.0.0.0/104 would never match: addresses are unmapped.
			return netip.Prefix{}, fmt.Errorf("write IPv4-mapped prefixes as IPv4")
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	if a.Zone() != "" {
		return netip.Prefix{}, fmt.Errorf("an address with a zone")
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// Header sets the header the client address is read from, instead of
// [DefaultHeader]: "Forwarded" for RFC 7239, or another header holding a
// comma-separated list of addresses (X-Real-IP, True-Client-IP). Only one
// header is read, the one the trusted proxies write.
func Header(name string) Option {
	return func(r *RealIP) error {
		if !httpheader.IsToken(name) {
			return fmt.Errorf("realip: Header(%q): not a header name", name)
		}
		r.header = http.CanonicalHeaderKey(name)
		r.forwarded = r.header == "Forwarded"
		return nil
	}
}

// New returns a RealIP configured by opts. A bad option value is a
// programming error: New panics with an error naming the option and the
// value. Nil options are skipped.
func New(opts ...Option) *RealIP {
	r := &RealIP{header: DefaultHeader}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(r); err != nil {
			panic(err)
		}
	}
	return r
}

// Before finds the client of req and stores it for [Get], [ClientAddr] and
// [Scheme]. It never fails.
func (r *RealIP) Before(req *iron.Request) error {
	iron.Set(req, key, r.resolve(req))
	return nil
}

// CatchBefore finds the client even when an earlier before middleware
// failed, so that the error is logged with the right address, and passes
// the error on.
func (r *RealIP) CatchBefore(req *iron.Request, err error) error {
	iron.Set(req, key, r.resolve(req))
	return err
}

// Resolve returns the client address and scheme of req as RealIP finds
// them, without storing them: for tests and for code that serves requests
// outside a chain.
func (r *RealIP) Resolve(req *iron.Request) (netip.Addr, string) {
	c := r.resolve(req)
	return c.addr, c.scheme
}

func (r *RealIP) resolve(req *iron.Request) client {
	peer := client{addr: PeerAddr(req), scheme: req.Scheme()}
	if !r.isTrusted(peer.addr) {
		return peer
	}
	peer.viaProxy = true
	if r.forwarded {
		return r.walkForwarded(req, peer)
	}
	return r.walkList(req, peer)
}

func (r *RealIP) isTrusted(a netip.Addr) bool {
	if !a.IsValid() {
		return false
	}
	for _, p := range r.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// walkList reads an X-Forwarded-For style list, right to left.
func (r *RealIP) walkList(req *iron.Request, peer client) client {
	found := peer
	found.scheme = forwardedProto(req, peer.scheme)
	lines := req.HeaderValues(r.header)
	for i := len(lines) - 1; i >= 0; i-- {
		rest := lines[i]
		for rest != "" {
			var elem string
			if j := strings.LastIndexByte(rest, ','); j >= 0 {
				rest, elem = rest[:j], rest[j+1:]
			} else {
				rest, elem = "", rest
			}
			elem = httpheader.TrimOWS(elem)
			if elem == "" {
				continue
			}
			a, ok := parseNode(elem)
			if !ok {
				return peer // fail closed: never an address past one we cannot read
			}
			found.addr = a
			if !r.isTrusted(a) {
				return found
			}
		}
	}
	return found // every hop trusted: the leftmost
}

// forwardedProto returns the last X-Forwarded-Proto value when it is http or
// https, else def.
func forwardedProto(req *iron.Request, def string) string {
	vs := req.HeaderValues("X-Forwarded-Proto")
	if len(vs) == 0 {
		return def
	}
	last := vs[len(vs)-1]
	if j := strings.LastIndexByte(last, ','); j >= 0 {
		last = last[j+1:]
	}
	if p, ok := scheme(httpheader.TrimOWS(last)); ok {
		return p
	}
	return def
}

func scheme(s string) (string, bool) {
	switch {
	case httpheader.EqualFold(s, "https"):
		return "https", true
	case httpheader.EqualFold(s, "http"):
		return "http", true
	}
	return "", false
}

// parseNode reads an address as proxies write it: "192.0.2.1",
// "192.0.2.1:80", "2001:db8::1" or "[2001:db8::1]:80".
func parseNode(s string) (netip.Addr, bool) {
	// Choose the parser by shape: a failed netip parse allocates its error.
	var a netip.Addr
	var err error
	switch colons := strings.Count(s, ":"); {
	case s != "" && s[0] == '[':
		if strings.HasSuffix(s, "]") {
			a, err = netip.ParseAddr(s[1 : len(s)-1])
		} else {
			var ap netip.AddrPort
			ap, err = netip.ParseAddrPort(s)
			a = ap.Addr()
		}
		if err == nil && !a.Is6() {
			return netip.Addr{}, false
		}
	case colons == 1:
		var ap netip.AddrPort
		ap, err = netip.ParseAddrPort(s)
		a = ap.Addr()
	default:
		a, err = netip.ParseAddr(s)
	}
	if err != nil || a.Zone() != "" {
		return netip.Addr{}, false
	}
	return normalize(a), true
}
