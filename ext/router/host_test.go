package router_test

import (
	"crypto/tls"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/router"
	"github.com/iron-go/iron/irontest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostRequest returns a GET for target whose Host is host, whatever it
// holds, over TLS when tls is set.
func hostRequest(target, host string, overTLS bool) *iron.Request {
	in := iron.Incoming{Method: http.MethodGet, Target: target, Proto: "HTTP/1.1", Host: host}
	if overTLS {
		in.TLS = &tls.ConnectionState{}
	}
	slot := new(iron.Slot)
	slot.Reset(&in)
	return slot.Request()
}

// A Host is whatever the client wrote. Without AllowedHosts or
// CanonicalOrigin, URLFor builds on it (the documented default); with them,
// a Host that is not allowed never reaches a URL.
func TestURLForHost(t *testing.T) {
	var (
		none      []router.Option
		allowed   = []router.Option{router.AllowedHosts("example.com", "*.example.org", "localhost:8080", "[::1]", "127.0.0.1")}
		canonical = []router.Option{router.CanonicalOrigin("https://www.example.com")}
		both      = []router.Option{router.AllowedHosts("example.com", "*.example.org"), router.CanonicalOrigin("https://www.example.com:8443/")}
	)
	const misdirected = "421"
	for _, tc := range []struct {
		name string
		opts []router.Option
		host string
		tls  bool
		want string // the URL, or misdirected
	}{
		{"default: the Host as sent", none, "example.com", false, "http://example.com/users/7"},
		{"default: any Host, the risk documented", none, "evil.com", false, "http://evil.com/users/7"},
		{"default: no Host, a path", none, "", false, "/users/7"},
		{"default: not a host is never used", none, "evil.com;x", false, misdirected},
		{"default: a userinfo trick", none, "example.com@evil.com", false, misdirected},

		{"allowed", allowed, "example.com", false, "http://example.com/users/7"},
		{"allowed over TLS", allowed, "example.com", true, "https://example.com/users/7"},
		{"allowed on any port", allowed, "example.com:8443", false, "http://example.com:8443/users/7"},
		{"allowed, another case", allowed, "EXAMPLE.com", false, "http://EXAMPLE.com/users/7"},
		{"allowed, a trailing dot", allowed, "example.com.", false, "http://example.com./users/7"},
		{"allowed by a wildcard", allowed, "api.example.org", false, "http://api.example.org/users/7"},
		{"allowed by a wildcard, deeper", allowed, "a.b.example.org", false, "http://a.b.example.org/users/7"},
		{"a wildcard does not allow its apex", allowed, "example.org", false, misdirected},
		{"allowed on its port", allowed, "localhost:8080", false, "http://localhost:8080/users/7"},
		{"not on another port", allowed, "localhost:8081", false, misdirected},
		{"not without the port", allowed, "localhost", false, misdirected},
		{"an IPv6 address", allowed, "[::1]:3000", false, "http://[::1]:3000/users/7"},
		{"an IPv4 address", allowed, "127.0.0.1:3000", false, "http://127.0.0.1:3000/users/7"},
		{"Host: evil.com", allowed, "evil.com", false, misdirected},
		{"a suffix is no subdomain", allowed, "evilexample.org", false, misdirected},
		{"a query in the Host", allowed, "evil.com?.example.org", false, misdirected},
		{"a path in the Host", allowed, "evil.com/.example.org", false, misdirected},
		{"a userinfo in the Host", allowed, "example.com@evil.com", false, misdirected},
		{"a backslash in the Host", allowed, `evil.com\.example.org`, false, misdirected},
		{"an empty label", allowed, "evil..example.org", false, misdirected},
		{"allowed: no Host, a path", allowed, "", false, "/users/7"},

		{"canonical, whatever the Host", canonical, "example.com", false, "https://www.example.com/users/7"},
		{"canonical for Host: evil.com", canonical, "evil.com", false, "https://www.example.com/users/7"},
		{"canonical for no Host", canonical, "", false, "https://www.example.com/users/7"},

		{"both: allowed", both, "shop.example.org", true, "https://shop.example.org/users/7"},
		{"both: Host: evil.com gets the canonical origin", both, "evil.com", false, "https://www.example.com:8443/users/7"},
		{"both: not a host gets the canonical origin", both, "evil.com?.example.org", false, "https://www.example.com:8443/users/7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := router.New(tc.opts...)
			r.Get("/users/:id", echo).Named("user")
			r.Get("/links", linker("user", map[string]string{"id": "7"}))
			got := serve(t, r, hostRequest("/links", tc.host, tc.tls))
			if tc.want == misdirected {
				assert.Equal(t, http.StatusMisdirectedRequest, got.status)
				assert.NotContains(t, got.body, "evil")
				return
			}
			require.Equal(t, http.StatusOK, got.status, got.body)
			assert.Equal(t, tc.want+" /users/7", got.body)
		})
	}
}

func TestURLForHostError(t *testing.T) {
	r := router.New(router.AllowedHosts("example.com"))
	r.Get("/users/:id", echo).Named("user")
	var err error
	r.Get("/links", func(req *iron.Request) (*iron.Response, error) {
		_, err = router.URLFor(req, "user", map[string]string{"id": "7"})
		return nil, err
	})
	res := irontest.Do(r, hostRequest("/links", "evil.com", false))
	assert.Equal(t, http.StatusMisdirectedRequest, res.StatusCode())
	assert.ErrorIs(t, err, router.ErrHostNotAllowed)
	var ie *iron.Error
	require.True(t, errors.As(err, &ie))
	assert.EqualError(t, err, `router: host not allowed: "evil.com"`)

	path, err := r.PathFor(hostRequest("/links", "evil.com", false), "user", map[string]string{"id": "7"})
	require.NoError(t, err, "a path carries no host")
	assert.Equal(t, "/users/7", path)
}

// Over the engine, a client that sends "Host: evil.com" must not get a
// Location on evil.com.
func TestURLForHostOverARealServer(t *testing.T) {
	newRouter := func(opts ...router.Option) *router.Router {
		r := router.New(opts...)
		r.Get("/users/:id", echo).Named("user")
		r.Post("/users", func(req *iron.Request) (*iron.Response, error) {
			loc, err := router.URLFor(req, "user", map[string]string{"id": "7"})
			if err != nil {
				return nil, err
			}
			return iron.With(http.StatusCreated, http.Header{"Location": {loc}}), nil
		})
		return r
	}
	trusting := listen(t, newRouter(), nil)
	allowed := listen(t, newRouter(router.AllowedHosts("127.0.0.1", "example.com")), nil)
	canonical := listen(t, newRouter(router.AllowedHosts("example.com"), router.CanonicalOrigin("https://example.com")), nil)
	client := &http.Client{Timeout: 10 * time.Second}
	t.Cleanup(client.CloseIdleConnections)

	for _, tc := range []struct {
		name, base, host string
		status           int
		location         string
	}{
		{"the default trusts the Host", trusting, "evil.com", 201, "http://evil.com/users/7"},
		{"allowed", allowed, "example.com", 201, "http://example.com/users/7"},
		{"Host: evil.com is misdirected", allowed, "evil.com", 421, ""},
		{"Host: evil.com gets the canonical origin", canonical, "evil.com", 201, "https://example.com/users/7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, tc.base+"/users", nil)
			require.NoError(t, err)
			req.Host = tc.host
			res, err := client.Do(req)
			require.NoError(t, err)
			defer res.Body.Close()
			_, err = io.Copy(io.Discard, res.Body)
			require.NoError(t, err)
			assert.Equal(t, tc.status, res.StatusCode)
			assert.Equal(t, tc.location, res.Header.Get("Location"))
		})
	}
}
