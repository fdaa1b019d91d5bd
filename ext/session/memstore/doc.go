// Package memstore keeps sessions in the memory of one process: a
// [session.Store] for a single instance, development and tests. Sessions
// are lost when the process ends and are not seen by other instances; use
// package redisstore for those.
//
// The store is split into shards, each a map behind its own mutex, so that
// requests of different sessions rarely wait for each other. It holds at
// most [MaxEntries] sessions: saving a new one into a full shard first
// evicts the entry closest to expiry among a few sampled (as Redis's
// volatile-ttl policy does), an expired one when there is one. Expired
// entries are never returned, and a janitor goroutine removes them every
// [CleanupInterval]; [Store.Close] stops it.
package memstore
