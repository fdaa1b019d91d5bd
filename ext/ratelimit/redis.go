package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis makes the limiter keep its counters in Redis, shared by every
// instance that uses the same Redis and name (see the package doc). name
// tells this limit from others in the same Redis ("login", "api"); keys are
// stored as "ratelimit:<name>:<key>". The client is the application's: the
// limiter never closes it. Any go-redis client works (*redis.Client,
// *redis.ClusterClient, *redis.Ring); build it with ContextTimeoutEnabled:
// true so that [Timeout] bounds a Redis that does not answer.
func Redis(client redis.Scripter, name string) Option {
	return func(c *config) error {
		if client == nil {
			return fmt.Errorf("ratelimit: Redis(nil, %q)", name)
		}
		if name == "" || strings.ContainsAny(name, " \t\r\n") {
			return fmt.Errorf("ratelimit: Redis(client, %q): the name must be non-empty, without spaces", name)
		}
		c.redis = &redisStore{client: client, prefix: "ratelimit:" + name + ":"}
		return nil
	}
}

// redisStore runs GCRA in Redis.
type redisStore struct {
	client  redis.Scripter
	prefix  string
	limit   int
	period  time.Duration
	timeout time.Duration
}

// gcra is the generic cell rate algorithm over one key holding the
// theoretical arrival time (TAT, in microseconds of the Redis clock): the
// moment the bucket is full again. A request is allowed when TAT plus one
// emission interval is within the tolerance (limit intervals) of now.
// Returns {allowed, remaining, retry_after_us, reset_us}.
var gcra = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local tolerance = interval * limit
local tat = tonumber(redis.call('GET', KEYS[1]))
if not tat or tat < now then tat = now end
local newtat = tat + interval
local allow_at = newtat - tolerance
if allow_at > now then
  return {0, 0, math.ceil(allow_at - now), math.ceil(tat - now)}
end
redis.call('SET', KEYS[1], string.format('%.0f', newtat), 'PX', math.max(1, math.ceil((newtat - now) / 1000)))
return {1, math.floor((now - allow_at) / interval), 0, math.ceil(newtat - now)}
`)

func (s *redisStore) take(ctx context.Context, key string) (Result, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	interval := float64(s.period.Microseconds()) / float64(s.limit)
	v, err := gcra.Run(ctx, s.client, []string{s.prefix + key},
		strconv.FormatFloat(interval, 'f', 3, 64), s.limit).Int64Slice()
	if err != nil {
		return Result{}, err
	}
	if len(v) != 4 {
		return Result{}, errors.New("ratelimit: unexpected reply from the Redis script")
	}
	return Result{
		Allowed:    v[0] == 1,
		Limit:      s.limit,
		Remaining:  int(max(0, v[1])),
		RetryAfter: time.Duration(v[2]) * time.Microsecond,
		Reset:      time.Duration(v[3]) * time.Microsecond,
	}, nil
}
