package realip_test

import (
	"errors"
	"net/netip"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/realip"
)

func xff(v string) field    { return field{Name: "X-Forwarded-For", Value: v} }
func xfp(v string) field    { return field{Name: "X-Forwarded-Proto", Value: v} }
func fwd(v string) field    { return field{Name: "Forwarded", Value: v} }
func hdr(n, v string) field { return field{Name: n, Value: v} }

func TestResolve(t *testing.T) {
	const proxy = "10.0.0.1:40000"
	lan := []string{"10.0.0.0/8", "fd00::/8"}
	for _, tc := range []struct {
		name       string
		trusted    []string
		header     string // "" is the default
		peer       string
		tls        bool
		fields     []field
		wantAddr   string
		wantScheme string
	}{
		{name: "untrusted peer: headers ignored", peer: "198.51.100.9:1", fields: []field{xff("203.0.113.7"), xfp("https")}, wantAddr: "198.51.100.9", wantScheme: "http"},
		{name: "no trusted proxies configured", trusted: []string{}, peer: proxy, fields: []field{xff("203.0.113.7")}, wantAddr: "10.0.0.1", wantScheme: "http"},
		{name: "one hop", peer: proxy, fields: []field{xff("203.0.113.7")}, wantAddr: "203.0.113.7", wantScheme: "http"},
		{name: "spoofed entries left of the client", peer: proxy, fields: []field{xff("1.1.1.1, 8.8.8.8, 203.0.113.7, 10.0.0.2")}, wantAddr: "203.0.113.7", wantScheme: "http"},
		{name: "every hop trusted: leftmost", peer: proxy, fields: []field{xff("10.0.0.3, 10.0.0.2")}, wantAddr: "10.0.0.3", wantScheme: "http"},
		{name: "malformed hop on the walk fails closed", peer: proxy, fields: []field{xff("203.0.113.7, not-an-ip")}, wantAddr: "10.0.0.1", wantScheme: "http"},
		{name: "malformed past trusted hop fails closed", peer: proxy, fields: []field{xff("203.0.113.7, 300.1.1.1, 10.0.0.2")}, wantAddr: "10.0.0.1", wantScheme: "http"},
		{name: "garbage left of the client is never read", peer: proxy, fields: []field{xff("<script>, 203.0.113.7")}, wantAddr: "203.0.113.7", wantScheme: "http"},
		{name: "several header lines", peer: proxy, fields: []field{xff("1.1.1.1"), xff("203.0.113.7")}, wantAddr: "203.0.113.7", wantScheme: "http"},
		{name: "line a client sent, then the proxy's", peer: proxy, fields: []field{xff("garbage,,"), xff("203.0.113.7")}, wantAddr: "203.0.113.7", wantScheme: "http"},
		{name: "ports and brackets", peer: proxy, fields: []field{xff("[2001:db8::1]:443, 10.0.0.2:8080")}, wantAddr: "2001:db8::1", wantScheme: "http"},
		{name: "v4 with port", peer: proxy, fields: []field{xff("203.0.113.7:5555")}, wantAddr: "203.0.113.7", wantScheme: "http"},
		{name: "IPv4-mapped client is unmapped", peer: proxy, fields: []field{xff("::ffff:203.0.113.7")}, wantAddr: "203.0.113.7", wantScheme: "http"},
		{name: "IPv4-mapped peer matches an IPv4 prefix", peer: "[::ffff:10.0.0.1]:4000", fields: []field{xff("203.0.113.7")}, wantAddr: "203.0.113.7", wantScheme: "http"},
		{name: "IPv6 proxy", peer: "[fd00::5]:4000", fields: []field{xff("2001:db8::7")}, wantAddr: "2001:db8::7", wantScheme: "http"},
		{name: "empty elements skipped", peer: proxy, fields: []field{xff(" , ,203.0.113.7,, ")}, wantAddr: "203.0.113.7", wantScheme: "http"},
		{name: "no header from a trusted peer", peer: proxy, wantAddr: "10.0.0.1", wantScheme: "http"},
		{name: "zone fails closed", peer: proxy, fields: []field{xff("fe80::1%eth0")}, wantAddr: "10.0.0.1", wantScheme: "http"},
		{name: "leading zeros are not an address", peer: proxy, fields: []field{xff("010.0.0.1")}, wantAddr: "10.0.0.1", wantScheme: "http"},
		{name: "single trusted address", trusted: []string{"10.0.0.1"}, peer: proxy, fields: []field{xff("10.0.0.2")}, wantAddr: "10.0.0.2", wantScheme: "http"},
		{name: "proto https through a trusted proxy", peer: proxy, fields: []field{xff("203.0.113.7"), xfp("https")}, wantAddr: "203.0.113.7", wantScheme: "https"},
		{name: "proto without XFF", peer: proxy, fields: []field{xfp("HTTPS")}, wantAddr: "10.0.0.1", wantScheme: "https"},
		{name: "proto: last value wins", peer: proxy, fields: []field{xfp("http, https")}, wantAddr: "10.0.0.1", wantScheme: "https"},
		{name: "proto: junk ignored", peer: proxy, tls: true, fields: []field{xfp("gopher")}, wantAddr: "10.0.0.1", wantScheme: "https"},
		{name: "proto from an untrusted peer ignored", peer: "198.51.100.9:1", fields: []field{xfp("https")}, wantAddr: "198.51.100.9", wantScheme: "http"},
		{name: "TLS connection", peer: "198.51.100.9:1", tls: true, wantAddr: "198.51.100.9", wantScheme: "https"},
		{name: "X-Real-IP", header: "x-real-ip", peer: proxy, fields: []field{hdr("X-Real-IP", "203.0.113.7"), xff("1.1.1.1")}, wantAddr: "203.0.113.7", wantScheme: "http"},

		{name: "forwarded: one element", header: "Forwarded", peer: proxy, fields: []field{fwd("for=192.0.2.60;proto=https;by=203.0.113.43")}, wantAddr: "192.0.2.60", wantScheme: "https"},
		{name: "forwarded: quoted v6 with port", header: "Forwarded", peer: proxy, fields: []field{fwd(`for="[2001:db8:cafe::17]:4711"`)}, wantAddr: "2001:db8:cafe::17", wantScheme: "http"},
		{name: "forwarded: spoofed elements left", header: "Forwarded", peer: proxy, fields: []field{fwd(`for=1.1.1.1;proto=https, for=203.0.113.7;proto=http, for=10.0.0.2;proto=https`)}, wantAddr: "203.0.113.7", wantScheme: "http"},
		{name: "forwarded: spoofed line", header: "Forwarded", peer: proxy, fields: []field{fwd("for=1.1.1.1"), fwd("for=203.0.113.7;proto=https")}, wantAddr: "203.0.113.7", wantScheme: "https"},
		{name: "forwarded: unterminated quote swallows the proxy's element", header: "Forwarded", peer: proxy, fields: []field{fwd(`for="1.1.1.1, for=203.0.113.7`)}, wantAddr: "10.0.0.1", wantScheme: "http"},
		{name: "forwarded: client's broken line is its own", header: "Forwarded", peer: proxy, fields: []field{fwd(`for="1.1.1.1`), fwd("for=203.0.113.7")}, wantAddr: "203.0.113.7", wantScheme: "http"},
		{name: "forwarded: unknown fails closed", header: "Forwarded", peer: proxy, fields: []field{fwd("for=unknown")}, wantAddr: "10.0.0.1", wantScheme: "http"},
		{name: "forwarded: obfuscated node fails closed", header: "Forwarded", peer: proxy, fields: []field{fwd("for=_hidden")}, wantAddr: "10.0.0.1", wantScheme: "http"},
		{name: "forwarded: obfuscated port is fine", header: "Forwarded", peer: proxy, fields: []field{fwd(`for="203.0.113.7:_p1"`)}, wantAddr: "203.0.113.7", wantScheme: "http"},
		{name: "forwarded: duplicate for fails closed", header: "Forwarded", peer: proxy, fields: []field{fwd("for=203.0.113.7;for=1.1.1.1")}, wantAddr: "10.0.0.1", wantScheme: "http"},
		{name: "forwarded: element without for fails closed", header: "Forwarded", peer: proxy, fields: []field{fwd("for=1.1.1.1, proto=https")}, wantAddr: "10.0.0.1", wantScheme: "http"},
		{name: "forwarded: names are case-insensitive", header: "forwarded", peer: proxy, fields: []field{fwd("For=203.0.113.7;PROTO=HTTPS")}, wantAddr: "203.0.113.7", wantScheme: "https"},
		{name: "forwarded: unquoted v6 is a syntax error", header: "Forwarded", peer: proxy, fields: []field{fwd("for=[2001:db8::1]")}, wantAddr: "10.0.0.1", wantScheme: "http"},
		{name: "forwarded: missing separator", header: "Forwarded", peer: proxy, fields: []field{fwd("for=203.0.113.7 proto=https")}, wantAddr: "10.0.0.1", wantScheme: "http"},
		{name: "forwarded: space around separators", header: "Forwarded", peer: proxy, fields: []field{fwd("for=1.1.1.1 ,  for=203.0.113.7 ; proto=https")}, wantAddr: "203.0.113.7", wantScheme: "https"},
		{name: "forwarded: escaped quoted string", header: "Forwarded", peer: proxy, fields: []field{fwd(`for="203.0.113.\7"`)}, wantAddr: "203.0.113.7", wantScheme: "http"},
		{name: "forwarded: X-Forwarded-For not read", header: "Forwarded", peer: proxy, fields: []field{xff("203.0.113.7")}, wantAddr: "10.0.0.1", wantScheme: "http"},
		{name: "forwarded: every hop trusted", header: "Forwarded", peer: proxy, fields: []field{fwd("for=10.0.0.9;proto=https, for=10.0.0.2")}, wantAddr: "10.0.0.9", wantScheme: "https"},
		{name: "forwarded: empty value", header: "Forwarded", peer: proxy, fields: []field{fwd("for=")}, wantAddr: "10.0.0.1", wantScheme: "http"},
		{name: "forwarded: control byte in quoted string", header: "Forwarded", peer: proxy, fields: []field{fwd("for=\"203.0.113.7\x00\"")}, wantAddr: "10.0.0.1", wantScheme: "http"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			trusted := lan
			if tc.trusted != nil {
				trusted = tc.trusted
			}
			opts := []realip.Option{realip.TrustedProxies(trusted...)}
			if tc.header != "" {
				opts = append(opts, realip.Header(tc.header))
			}
			r := realip.New(opts...)
			req := request(tc.peer, tc.tls, tc.fields...)
			require.NoError(t, r.Before(req))

			got, ok := realip.Get(req)
			require.True(t, ok)
			assert.Equal(t, netip.MustParseAddr(tc.wantAddr), got)
			assert.Equal(t, got, realip.ClientAddr(req))
			assert.Equal(t, tc.wantScheme, realip.Scheme(req))
		})
	}
}

func TestLongChainOfTrustedHops(t *testing.T) {
	r := realip.New(realip.TrustedProxies("10.0.0.0/8"))
	chain := strings.Repeat("10.1.2.3, ", 2000) + "203.0.113.7, 10.0.0.2"
	addr, _ := r.Resolve(request("10.0.0.1:1", false, xff("1.1.1.1, "+chain)))
	assert.Equal(t, netip.MustParseAddr("203.0.113.7"), addr)
}

func TestAccessorsWithoutRealIP(t *testing.T) {
	req := request("[2001:db8::9]:80", true, xff("203.0.113.7"))
	_, ok := realip.Get(req)
	assert.False(t, ok)
	assert.Equal(t, netip.MustParseAddr("2001:db8::9"), realip.ClientAddr(req))
	assert.Equal(t, netip.MustParseAddr("2001:db8::9"), realip.PeerAddr(req))
	assert.Equal(t, "https", realip.Scheme(req))

	var slot iron.Slot
	slot.Reset(&iron.Incoming{Method: "GET", Target: "/"})
	noPeer := slot.Request()
	assert.False(t, realip.ClientAddr(noPeer).IsValid())
	r := realip.New(realip.TrustedProxies("0.0.0.0/0"))
	require.NoError(t, r.Before(noPeer))
	a, ok := realip.Get(noPeer)
	assert.True(t, ok)
	assert.False(t, a.IsValid(), "no peer: nothing believed")
}

func TestCatchBeforeResolvesAndPassesTheErrorOn(t *testing.T) {
	r := realip.New(realip.TrustedProxies("10.0.0.0/8"))
	req := request("10.0.0.1:1", false, xff("203.0.113.7"))
	boom := errors.New("boom")
	assert.Same(t, boom, r.CatchBefore(req, boom))
	assert.Equal(t, netip.MustParseAddr("203.0.113.7"), realip.ClientAddr(req))
}

func TestNewPanicsOnBadOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  realip.Option
		msg  string
	}{
		{"bad CIDR", realip.TrustedProxies("10.0.0.0/33"), `realip: TrustedProxies("10.0.0.0/33")`},
		{"not an address", realip.TrustedProxies("proxy.local"), `realip: TrustedProxies("proxy.local")`},
		{"mapped prefix", realip.TrustedProxies("::ffff:10.0.0.0/104"), "IPv4-mapped"},
		{"zone", realip.TrustedProxies("fe80::1%eth0"), "zone"},
		{"empty header", realip.Header(""), `realip: Header("")`},
		{"header with space", realip.Header("X Forwarded"), `realip: Header("X Forwarded")`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				p := recover()
				require.NotNil(t, p)
				assert.Contains(t, p.(error).Error(), tc.msg)
			}()
			realip.New(tc.opt)
		})
	}
}

// TestResolveAllocatesOnlyTheLineList pins the cost stated in the package
// doc: the request's list of header lines, nothing per element.
func TestResolveAllocatesOnlyTheLineList(t *testing.T) {
	for _, tc := range []struct {
		name string
		r    *realip.RealIP
		f    field
		max  float64
	}{
		{"X-Forwarded-For", realip.New(realip.TrustedProxies("10.0.0.0/8")), xff("1.1.1.1, 203.0.113.7, 10.0.0.2"), 1},
		{"untrusted peer", realip.New(realip.TrustedProxies("192.0.2.0/24")), xff("203.0.113.7"), 0},
		{"Forwarded", realip.New(realip.TrustedProxies("10.0.0.0/8"), realip.Header("Forwarded")), fwd(`for=1.1.1.1, for="[2001:db8::1]:80";proto=https, for=10.0.0.2`), 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := request("10.0.0.1:1", false, tc.f)
			allocs := testing.AllocsPerRun(100, func() { _ = tc.r.Before(req) })
			assert.LessOrEqual(t, allocs, tc.max)
		})
	}
}

// FromTrustedProxy says whether the connection's peer is a trusted proxy,
// whatever the walk of its header found, and is false when RealIP did not
// run.
func TestFromTrustedProxy(t *testing.T) {
	rip := realip.New(realip.TrustedProxies("10.0.0.0/8"))
	fwdRIP := realip.New(realip.TrustedProxies("10.0.0.0/8"), realip.Header("Forwarded"))
	for _, tc := range []struct {
		name   string
		r      *realip.RealIP // nil: RealIP does not run
		peer   string
		fields []field
		want   bool
	}{
		{"through a trusted proxy", rip, "10.0.0.1:4000", []field{xff("203.0.113.7")}, true},
		{"a trusted proxy's own request", rip, "10.0.0.1:4000", nil, true},
		{"a walk that failed closed still came through the proxy", rip, "10.0.0.1:4000", []field{xff("not-an-ip")}, true},
		{"Forwarded through a trusted proxy", fwdRIP, "10.0.0.1:4000", []field{fwd("for=203.0.113.7")}, true},
		{"straight from a client", rip, "198.51.100.9:1", []field{xff("10.0.0.1")}, false},
		{"no trusted proxies", realip.New(), "10.0.0.1:4000", []field{xff("203.0.113.7")}, false},
		{"RealIP did not run", nil, "10.0.0.1:4000", []field{xff("203.0.113.7")}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := request(tc.peer, false, tc.fields...)
			if tc.r != nil {
				require.NoError(t, tc.r.Before(req))
			}
			assert.Equal(t, tc.want, realip.FromTrustedProxy(req))
		})
	}
}
