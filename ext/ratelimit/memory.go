package ratelimit

import (
	"context"
	"hash/maphash"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// maxShards is how many independently locked parts the memory store has.
const maxShards = 64

// memory is the in-process store: sharded maps of token buckets with a
// least-recently-used list per shard, bounded in size (see the package doc).
type memory struct {
	limit  int
	period time.Duration
	every  rate.Limit
	seed   maphash.Seed
	shards []shard
	now    func() time.Time // time.Now; tests may stop the clock
}

type shard struct {
	mu      sync.Mutex
	entries map[string]*entry
	head    *entry // most recently used
	tail    *entry // least recently used
	max     int
}

type entry struct {
	key        string
	lim        *rate.Limiter
	lastSeen   time.Time
	prev, next *entry
}

func newMemory(limit int, period time.Duration, maxKeys int) *memory {
	n := min(maxShards, maxKeys)
	m := &memory{
		limit: limit, period: period,
		every:  rate.Limit(float64(limit) / period.Seconds()),
		seed:   maphash.MakeSeed(),
		shards: make([]shard, n),
		now:    time.Now,
	}
	for i := range m.shards {
		// Spread maxKeys over the shards; the first ones take the remainder.
		size := maxKeys / n
		if i < maxKeys%n {
			size++
		}
		m.shards[i] = shard{entries: make(map[string]*entry), max: size}
	}
	return m
}

func (m *memory) take(_ context.Context, key string) (Result, error) {
	s := &m.shards[maphash.String(m.seed, key)%uint64(len(m.shards))]
	now := m.now()
	s.mu.Lock()
	e := s.entries[key]
	if e == nil {
		e = s.insert(m, key, now)
	} else {
		s.moveToFront(e)
	}
	e.lastSeen = now
	allowed := e.lim.AllowN(now, 1)
	tokens := e.lim.TokensAt(now)
	s.mu.Unlock()
	return m.result(allowed, tokens), nil
}

// result turns a bucket's state into a Result.
func (m *memory) result(allowed bool, tokens float64) Result {
	perToken := float64(m.period) / float64(m.limit)
	r := Result{
		Allowed:   allowed,
		Limit:     m.limit,
		Remaining: max(0, int(math.Floor(tokens))),
		Reset:     time.Duration(math.Ceil((float64(m.limit) - tokens) * perToken)),
	}
	if !allowed {
		r.RetryAfter = time.Duration(math.Ceil((1 - tokens) * perToken))
	}
	return r
}

// insert adds key at the front, first dropping idle keys from the back and,
// when the shard is still full, the least recently used one.
func (s *shard) insert(m *memory, key string, now time.Time) *entry {
	// A key unseen for a whole period has a full bucket again: forgetting it
	// changes nothing. Drop a couple per insert, so stale keys go away
	// without a sweep and without a background goroutine.
	for i := 0; i < 2 && s.tail != nil && now.Sub(s.tail.lastSeen) >= m.period; i++ {
		s.remove(s.tail)
	}
	for len(s.entries) >= s.max {
		s.remove(s.tail)
	}
	e := &entry{key: key, lim: rate.NewLimiter(m.every, m.limit)}
	s.entries[key] = e
	s.pushFront(e)
	return e
}

func (s *shard) remove(e *entry) {
	delete(s.entries, e.key)
	s.unlink(e)
}

func (s *shard) unlink(e *entry) {
	if e.prev != nil {
		e.prev.next = e.next
	} else {
		s.head = e.next
	}
	if e.next != nil {
		e.next.prev = e.prev
	} else {
		s.tail = e.prev
	}
	e.prev, e.next = nil, nil
}

func (s *shard) pushFront(e *entry) {
	e.next = s.head
	if s.head != nil {
		s.head.prev = e
	}
	s.head = e
	if s.tail == nil {
		s.tail = e
	}
}

func (s *shard) moveToFront(e *entry) {
	if s.head == e {
		return
	}
	s.unlink(e)
	s.pushFront(e)
}

// keys returns how many keys the store holds, for tests.
func (m *memory) keys() int {
	n := 0
	for i := range m.shards {
		s := &m.shards[i]
		s.mu.Lock()
		n += len(s.entries)
		s.mu.Unlock()
	}
	return n
}
