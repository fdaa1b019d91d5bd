// Package ratelimit limits how often each client may make a request, and
// answers the rest with 429 Too Many Requests.
//
// [New](limit, period) lets each key (by default the client's address) make
// limit requests at once, and then one more every period/limit: a token
// bucket of limit tokens refilled at limit per period. "5 a minute" allows a
// burst of five, then one every twelve seconds; a client that waits a whole
// period has its five again. Limits differ per route by linking separate
// RateLimit values on separate chains (a strict one on the login route, a
// looser one on the API).
//
//	login := ratelimit.New(5, time.Minute)                  // one process
//	login := ratelimit.New(5, time.Minute,
//		ratelimit.Redis(rdb, "login"))                   // many instances
//	c.LinkBefore(login) // and c.LinkAfter(login) for the headers on answers
//
// # Keys
//
// The default key is the client's address from ext/realip's
// [realip.ClientAddr]: the address RealIP found behind trusted proxies when
// it is linked earlier in the chain, else the connection's peer. An IPv6
// client is keyed by its /64 prefix, since one subscriber usually holds a
// whole /64 and could otherwise step around the limit by changing address.
// [Key] keys by anything else (a user name, an API key).
//
// # Answers and headers
//
// A refused request fails with an [*iron.Error] wrapping [ErrLimited] whose
// response is a 429 with Retry-After (seconds until one more request is
// allowed) and the rate-limit headers of draft-ietf-httpapi-ratelimit-headers-06
// (the last version with separate fields, which clients and gateways read
// today): RateLimit-Limit (the burst), RateLimit-Remaining (requests left
// now), RateLimit-Reset (seconds until the bucket is full again) and
// RateLimit-Policy ("5;w=60"). Linked as an after middleware too, RateLimit
// adds the same headers to every other answer, errors included, unless the
// handler set them. [Get] returns those numbers to a handler or a logger.
// [Responder] replaces the answer to a refused request, the 429 and the 503
// of a failed store; the headers are added to it unless it set its own.
//
// # Stores
//
// In memory (the default), each key has a golang.org/x/time/rate limiter in
// one of 64 shards, each a map and a least-recently-used list under its own
// mutex. At most [MaxKeys] keys are kept (100,000 unless set): adding a key
// first drops the least recently used keys whose buckets are full again
// (forgetting them changes nothing), and when the table is still full, the
// least recently used key, so memory stays bounded whatever a client sends;
// such a forgotten client starts again with a full bucket. No goroutine
// runs in the background. A request for a known key allocates nothing in
// the store; a new key allocates its entry.
//
// With [Redis], every instance sharing a Redis and a name shares the
// counters. The algorithm is GCRA (the generic cell rate algorithm), run as
// one Lua script, so each check is atomic and one round trip: it keeps one
// number per key (the time its bucket will be full), expiring with it, and
// it is the same token bucket the memory store runs, so moving from one
// instance to many does not change what clients see. A fixed window would
// let a client send twice the limit across a window boundary; a sliding log
// would keep a timestamp per request. Time comes from the Redis server
// (TIME), so instances with skewed clocks still agree. Redis 5 or later.
//
// # When Redis fails
//
// Each Redis call is bounded by [Timeout] (100 ms unless set), through its
// context: go-redis honours a context's deadline on the socket only for a
// client built with ContextTimeoutEnabled: true, so build yours so; with it
// off, a Redis that accepts connections but does not answer holds requests
// for the client's ReadTimeout (3 s by default) instead. When a call fails
// the request fails closed by default: 503 Service Unavailable with
// Retry-After: 1, wrapping [ErrUnavailable], and a log line through
// [Logger] (at most one a second, with the count of those suppressed). A
// limiter that silently stops limiting while its store is down turns a
// Redis outage, which an attacker may provoke, into unlimited password
// guessing; a site whose sessions live in the same Redis cannot serve
// signed-in pages then anyway. [FailOpen](true) lets requests through
// instead, for limits that protect capacity rather than secrets.
package ratelimit
