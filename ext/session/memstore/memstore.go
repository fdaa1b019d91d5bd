package memstore

import (
	"context"
	"fmt"
	"hash/maphash"
	"sync"
	"time"
)

// Defaults of the options.
const (
	DefaultMaxEntries      = 100_000
	DefaultShards          = 32
	DefaultCleanupInterval = time.Minute
)

// evictionSample is how many entries a full shard looks at to choose one to
// evict.
const evictionSample = 8

// Store is an in-memory [session.Store]. Make one with [New] and Close it
// when done; it is safe for concurrent use.
type Store struct {
	shards   []shard
	perShard int
	interval time.Duration
	seed     maphash.Seed

	stop      chan struct{}
	stopped   chan struct{}
	closeOnce sync.Once
}

type shard struct {
	mu      sync.Mutex
	entries map[string]entry
}

type entry struct {
	data    []byte // never changed once stored: Load hands it out
	expires time.Time
}

// Option configures a [Store].
type Option func(*Store)

// MaxEntries bounds how many sessions the store holds,
// [DefaultMaxEntries] unless set. New panics unless n is positive.
func MaxEntries(n int) Option {
	return func(s *Store) {
		if n < 1 {
			panic(fmt.Errorf("memstore: MaxEntries(%d): must be at least 1", n))
		}
		s.perShard = n // divided among the shards by New
	}
}

// Shards sets how many independently locked parts the store has,
// [DefaultShards] unless set. New panics unless n is positive.
func Shards(n int) Option {
	return func(s *Store) {
		if n < 1 {
			panic(fmt.Errorf("memstore: Shards(%d): must be at least 1", n))
		}
		s.shards = make([]shard, n)
	}
}

// CleanupInterval sets how often the janitor removes expired sessions,
// [DefaultCleanupInterval] unless set. New panics unless d is positive.
func CleanupInterval(d time.Duration) Option {
	return func(s *Store) {
		if d <= 0 {
			panic(fmt.Errorf("memstore: CleanupInterval(%v): must be positive", d))
		}
		s.interval = d
	}
}

// New returns an empty store and starts its janitor. It panics when
// MaxEntries is smaller than Shards (a shard could hold nothing).
func New(opts ...Option) *Store {
	s := &Store{
		perShard: DefaultMaxEntries,
		interval: DefaultCleanupInterval,
		seed:     maphash.MakeSeed(),
		stop:     make(chan struct{}),
		stopped:  make(chan struct{}),
	}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	if s.shards == nil {
		s.shards = make([]shard, DefaultShards)
	}
	maxEntries := s.perShard
	if maxEntries < len(s.shards) {
		panic(fmt.Errorf("memstore: MaxEntries(%d) is smaller than Shards(%d)", maxEntries, len(s.shards)))
	}
	s.perShard = maxEntries / len(s.shards)
	for i := range s.shards {
		s.shards[i].entries = make(map[string]entry)
	}
	go s.janitor()
	return s
}

func (s *Store) shard(id string) *shard {
	return &s.shards[maphash.String(s.seed, id)%uint64(len(s.shards))]
}

// Load returns the data saved under id, or nil when there is none or it
// has expired. It never fails.
func (s *Store) Load(_ context.Context, id string) ([]byte, error) {
	sh := s.shard(id)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	e, ok := sh.entries[id]
	if !ok {
		return nil, nil
	}
	if !time.Now().Before(e.expires) {
		delete(sh.entries, id)
		return nil, nil
	}
	return e.data, nil
}

// Save saves a copy of data under id for ttl, evicting another session
// when the shard is full. It never fails.
func (s *Store) Save(_ context.Context, id string, data []byte, ttl time.Duration) error {
	e := entry{data: append([]byte(nil), data...), expires: time.Now().Add(ttl)}
	sh := s.shard(id)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if _, ok := sh.entries[id]; !ok && len(sh.entries) >= s.perShard {
		sh.evictOne()
	}
	sh.entries[id] = e
	return nil
}

// evictOne removes the entry closest to expiry among a few; map iteration
// order is random, so they are a random sample.
func (sh *shard) evictOne() {
	var victim string
	var soonest time.Time
	n := 0
	for id, e := range sh.entries {
		if n == 0 || e.expires.Before(soonest) {
			victim, soonest = id, e.expires
		}
		if n++; n == evictionSample {
			break
		}
	}
	delete(sh.entries, victim)
}

// Delete removes the session saved under id, if any. It never fails.
func (s *Store) Delete(_ context.Context, id string) error {
	sh := s.shard(id)
	sh.mu.Lock()
	delete(sh.entries, id)
	sh.mu.Unlock()
	return nil
}

// Len returns how many sessions the store holds, expired ones the janitor
// has not removed yet included.
func (s *Store) Len() int {
	n := 0
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		n += len(sh.entries)
		sh.mu.Unlock()
	}
	return n
}

// Close stops the janitor and waits until it has stopped. The store keeps
// working without it (expired sessions are still never returned, only
// removed later). Close is safe to call more than once; it returns nil.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { close(s.stop) })
	<-s.stopped
	return nil
}

func (s *Store) janitor() {
	defer close(s.stopped)
	t := time.NewTicker(s.interval)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			s.sweep(time.Now())
		}
	}
}

// sweep removes the expired entries, one shard at a time, so that requests
// wait for one shard's sweep at most.
func (s *Store) sweep(now time.Time) {
	for i := range s.shards {
		sh := &s.shards[i]
		sh.mu.Lock()
		for id, e := range sh.entries {
			if !now.Before(e.expires) {
				delete(sh.entries, id)
			}
		}
		sh.mu.Unlock()
	}
}
