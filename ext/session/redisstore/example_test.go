package redisstore_test

import (
	"flag"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/session"
	"github.com/iron-go/iron/ext/session/redisstore"
)

// This example is compiled, not run: it needs a Redis server. The tests of
// this package and of package session run the same code against a real
// redis-server.
func Example() {
	addr := flag.String("redis", "localhost:6379", "Redis address")
	flag.Parse()

	// The application makes (and closes) the client; ContextTimeoutEnabled
	// lets the store's Timeout bound reads and writes too.
	client := redis.NewClient(&redis.Options{Addr: *addr, ContextTimeoutEnabled: true})
	defer client.Close()

	sessions := session.New(
		redisstore.New(client, redisstore.Prefix("mysite:session:"), redisstore.Timeout(500*time.Millisecond)),
		session.IdleTimeout(time.Hour),
	)
	hello := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return iron.With(200, "hi"), nil })
	site := chain.New(hello).Link(sessions)
	_ = site // engine.New(site).ListenAndServe(...)
}
