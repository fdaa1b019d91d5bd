package realip_test

import (
	"net/netip"
	"testing"

	"github.com/iron-go/iron/ext/realip"
)

// FuzzXForwardedFor checks what makes the walk safe on any input: it never
// panics, its answer is a clean address, and nothing a client writes to the
// left of the proxies' part of the header changes the answer once that part
// named an untrusted client.
func FuzzXForwardedFor(f *testing.F) {
	for _, s := range [][2]string{
		{"1.1.1.1", "203.0.113.7, 10.0.0.2"},
		{"garbage,,", "[2001:db8::1]:443"},
		{"", "::ffff:203.0.113.7"},
		{"10.0.0.3", "10.0.0.2"},
		{"a, b", "fe80::1%eth0"},
	} {
		f.Add(s[0], s[1])
	}
	r := realip.New(realip.TrustedProxies("10.0.0.0/8", "fd00::/8"))
	f.Fuzz(func(t *testing.T, left, right string) {
		check(t, r, xff(left), xff(right))
	})
}

// FuzzForwarded is FuzzXForwardedFor for RFC 7239 lines.
func FuzzForwarded(f *testing.F) {
	for _, s := range [][2]string{
		{"for=1.1.1.1", "for=203.0.113.7;proto=https, for=10.0.0.2"},
		{`for="1.1.1.1`, `for="[2001:db8:cafe::17]:4711"`},
		{"", "for=unknown"},
		{"for=_x;by=_y", `for="203.0.113.7:_p";proto=http`},
		{"proto=https", "For=10.0.0.9 ; PROTO=HTTPS, for=10.0.0.2"},
		{`for="\"`, `for="203.0.113.\7"`},
	} {
		f.Add(s[0], s[1])
	}
	r := realip.New(realip.TrustedProxies("10.0.0.0/8", "fd00::/8"), realip.Header("Forwarded"))
	f.Fuzz(func(t *testing.T, left, right string) {
		check(t, r, fwd(left), fwd(right))
	})
}

func check(t *testing.T, r *realip.RealIP, left, right field) {
	peer := netip.MustParseAddr("10.0.0.1")
	trusted := netip.MustParsePrefix("10.0.0.0/8")
	addr, scheme := r.Resolve(request("10.0.0.1:1", false, right))
	if !addr.IsValid() || addr.Zone() != "" || addr.Is4In6() {
		t.Fatalf("address %v is not a clean address", addr)
	}
	if scheme != "http" && scheme != "https" {
		t.Fatalf("scheme %q", scheme)
	}
	if addr == peer || trusted.Contains(addr) || netip.MustParsePrefix("fd00::/8").Contains(addr) {
		return
	}
	// The proxies' line named an untrusted client: a line the client added
	// before it must not change that.
	addr2, scheme2 := r.Resolve(request("10.0.0.1:1", false, left, right))
	if addr2 != addr || scheme2 != scheme {
		t.Fatalf("a line to the left changed the answer: %v %s, then %v %s", addr, scheme, addr2, scheme2)
	}
}
