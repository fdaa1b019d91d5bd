// Package redisstore keeps sessions in Redis, through
// github.com/redis/go-redis/v9: a [session.Store] that every instance of a
// site behind a load balancer shares, so that any instance can serve any
// request of any session.
//
// Each session is one Redis string under the key prefix+ID (prefix
// "session:" unless set), written with SET and its time to live (PX), so
// that Redis itself expires sessions; signing out deletes the key (DEL).
// Nothing else is stored, and no Lua or other command is needed: any Redis
// or compatible server (Valkey, a managed service, a cluster through
// redis.ClusterClient) serves.
//
// The client is the application's, passed in: New dials nothing, and the
// client's own options (address, password, TLS, pool size, timeouts)
// apply. Each operation is bounded by [Timeout] through its context; a
// go-redis client honours a context's deadline while it waits for a
// connection or dials, and on reads and writes too when it was made with
// ContextTimeoutEnabled: true (otherwise its ReadTimeout and WriteTimeout
// bound those). A failed operation (Redis down, timed out) is returned to
// the session middleware, which answers 503 and logs it.
package redisstore
