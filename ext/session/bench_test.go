package session_test

import (
	"net/http"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/session"
	"github.com/iron-go/iron/ext/session/memstore"
	"github.com/iron-go/iron/ext/session/redisstore"
	"github.com/iron-go/iron/internal/redistest"
	"github.com/iron-go/iron/irontest"
)

// benchSessions returns middleware over each store, Redis on a real
// redis-server.
func benchSessions(b *testing.B) map[string]*session.Sessions {
	srv := redistest.Start(b)
	rc := redis.NewClient(&redis.Options{Addr: srv.Addr})
	b.Cleanup(func() { rc.Close() })
	m := memstore.New()
	b.Cleanup(func() { m.Close() })
	return map[string]*session.Sessions{
		"cookie": session.NewCookie(testCodec()),
		"memory": session.New(m),
		"redis":  session.New(redisstore.New(rc)),
	}
}

// benchHandler reads the user and, for write requests, counts a visit:
// a load, or a load and a save.
func benchHandler(req *iron.Request) (*iron.Response, error) {
	user, _, err := session.Get(req, userKey)
	if err != nil {
		return nil, err
	}
	if req.Method() == "POST" {
		n, _, err := session.Get(req, countKey)
		if err != nil {
			return nil, err
		}
		if err := session.Set(req, countKey, n+1); err != nil {
			return nil, err
		}
	}
	return iron.With(http.StatusOK, user), nil
}

// BenchmarkSession measures a request with a signed-in session that is
// read (load) or changed (load and save, with its Set-Cookie), request
// construction included; "untouched" is the same request that does not
// use its session, for the baseline.
func BenchmarkSession(b *testing.B) {
	for kind, s := range benchSessions(b) {
		h := chain.New(iron.HandlerFunc(benchHandler)).Link(s)
		cookieLine := signIn(b, sessionChain(s))
		for _, op := range []struct{ name, method string }{{"load", "GET"}, {"load+save", "POST"}} {
			b.Run(kind+"/"+op.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					req := iron.NewRequest(op.method, "/", nil)
					req.Header().Set("Cookie", cookieLine)
					res, err := h.Handle(req)
					if err != nil || res.StatusCode() != http.StatusOK {
						b.Fatal(err)
					}
				}
			})
		}
	}
	b.Run("untouched", func(b *testing.B) {
		h := chain.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
			return iron.With(http.StatusOK, "alice"), nil
		})).Link(session.NewCookie(testCodec()))
		b.ReportAllocs()
		for b.Loop() {
			req := iron.NewRequest("GET", "/", nil)
			req.Header().Set("Cookie", "session=x")
			if _, err := h.Handle(req); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// signIn makes a session with a user in it and returns its Cookie line.
func signIn(b *testing.B, h iron.Handler) string {
	req := iron.NewRequest("GET", "/set?user=alice", nil)
	res := irontest.Do(h, req)
	set, err := http.ParseSetCookie(res.Header.Get("Set-Cookie"))
	if err != nil {
		b.Fatal(err)
	}
	return set.Name + "=" + set.Value
}
