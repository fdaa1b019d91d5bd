package redisstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Defaults of the options.
const (
	DefaultPrefix  = "session:"
	DefaultTimeout = time.Second
)

// Store is a [session.Store] in Redis. Make one with [New]; it is safe for
// concurrent use, as go-redis clients are.
type Store struct {
	client  redis.Cmdable
	prefix  string
	timeout time.Duration
}

// Option configures a [Store].
type Option func(*Store)

// Prefix sets what the Redis key of each session starts with,
// [DefaultPrefix] unless set, so that several sites or kinds of data can
// share one Redis. An empty prefix is allowed.
func Prefix(p string) Option {
	return func(s *Store) { s.prefix = p }
}

// Timeout bounds each Redis operation, [DefaultTimeout] unless set (see
// the package doc for what a go-redis client does with it). It panics
// unless d is positive.
func Timeout(d time.Duration) Option {
	return func(s *Store) {
		if d <= 0 {
			panic(fmt.Errorf("redisstore: Timeout(%v): must be positive", d))
		}
		s.timeout = d
	}
}

// New returns a store that keeps sessions through client: a *redis.Client,
// *redis.ClusterClient, *redis.Ring or anything else that implements
// redis.Cmdable. It dials nothing. It panics on a nil client.
func New(client redis.Cmdable, opts ...Option) *Store {
	if client == nil {
		panic(errors.New("redisstore: New(nil): no client"))
	}
	s := &Store{client: client, prefix: DefaultPrefix, timeout: DefaultTimeout}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	return s
}

// Load returns the data saved under id (GET), or nil when there is none.
func (s *Store) Load(ctx context.Context, id string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	data, err := s.client.Get(ctx, s.prefix+id).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("redisstore: GET: %w", err)
	}
	return data, nil
}

// Save saves data under id with ttl as its time to live (SET PX). A ttl
// under a millisecond is an error: Redis would keep the key for ever.
func (s *Store) Save(ctx context.Context, id string, data []byte, ttl time.Duration) error {
	if ttl < time.Millisecond {
		return fmt.Errorf("redisstore: SET: time to live %v is under a millisecond", ttl)
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	if err := s.client.Set(ctx, s.prefix+id, data, ttl).Err(); err != nil {
		return fmt.Errorf("redisstore: SET: %w", err)
	}
	return nil
}

// Delete removes the session saved under id (DEL).
func (s *Store) Delete(ctx context.Context, id string) error {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	if err := s.client.Del(ctx, s.prefix+id).Err(); err != nil {
		return fmt.Errorf("redisstore: DEL: %w", err)
	}
	return nil
}
