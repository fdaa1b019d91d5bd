package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/realip"
)

// ErrLimited is wrapped by the error of a request refused because its key
// used up its quota (429).
var ErrLimited = errors.New("ratelimit: limit exceeded")

// ErrUnavailable is wrapped by the error of a request refused because the
// store failed and the limiter fails closed (503).
var ErrUnavailable = errors.New("ratelimit: store unavailable")

// Defaults.
const (
	DefaultMaxKeys = 100_000
	DefaultTimeout = 100 * time.Millisecond
)

// Result is the state of a key's quota after a request was counted (or
// refused).
type Result struct {
	// Allowed reports whether the request may go on.
	Allowed bool
	// Limit is the quota: the most requests allowed at once.
	Limit int
	// Remaining is how many more requests are allowed right now.
	Remaining int
	// Reset is how long until the quota is whole again.
	Reset time.Duration
	// RetryAfter is, for a refused request, how long until one more is
	// allowed; 0 for an allowed one.
	RetryAfter time.Duration
}

// store counts requests per key.
type store interface {
	take(ctx context.Context, key string) (Result, error)
}

// RateLimit is a before and after middleware that limits requests per key
// (see the package doc). Build it with [New]; it is read-only once built
// and safe for concurrent use.
type RateLimit struct {
	limit    int
	period   time.Duration
	policy   string // RateLimit-Policy value
	limitStr string

	key      func(*iron.Request) string
	skip     func(*iron.Request) bool
	respond  func(*iron.Request, error) *iron.Response
	logger   *slog.Logger
	failOpen bool
	timeout  time.Duration
	maxKeys  int
	redis    *redisStore
	store    store

	lastLog    atomic.Int64 // unix nanoseconds of the last store-error line
	suppressed atomic.Int64
}

// config is what options set before New checks them together.
type config struct {
	*RateLimit
	setMaxKeys, setRedisOnly bool
}

// Option configures a [RateLimit]; see [New].
type Option func(*config) error

// Key sets the function that names the quota a request counts against,
// instead of the client address. It must be safe for concurrent use. An
// empty key is a key like any other.
func Key(fn func(req *iron.Request) string) Option {
	return func(c *config) error {
		if fn == nil {
			return errors.New("ratelimit: Key(nil)")
		}
		c.key = fn
		return nil
	}
}

// Skip sets a function that exempts requests from the limit (health
// checks, an allow-list); they are not counted and get no headers.
func Skip(fn func(req *iron.Request) bool) Option {
	return func(c *config) error {
		if fn == nil {
			return errors.New("ratelimit: Skip(nil)")
		}
		c.skip = fn
		return nil
	}
}

// Responder sets the function that builds the answer to a refused request,
// instead of a plain-text one, from the error the request fails with: one
// wrapping [ErrLimited] (429), or [ErrUnavailable] (503) when the store
// failed. [Get] returns the numbers of a limited request. A zero Status in
// its response becomes the status of the error; Retry-After and, for a
// limited request, the RateLimit headers are added unless it set them. A nil
// response means the default answer. The same function may serve as the
// Responder of the other packages that have one (auth, csrf, recovery,
// timeout).
func Responder(fn func(req *iron.Request, err error) *iron.Response) Option {
	return func(c *config) error {
		if fn == nil {
			return errors.New("ratelimit: Responder(nil)")
		}
		c.respond = fn
		return nil
	}
}

// Logger sets where store failures are logged; unset means [slog.Default].
func Logger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("ratelimit: Logger(nil)")
		}
		c.logger = l
		return nil
	}
}

// MaxKeys bounds how many keys the memory store keeps (see the package
// doc). It does not apply to [Redis], where keys expire by themselves.
func MaxKeys(n int) Option {
	return func(c *config) error {
		if n < 1 {
			return fmt.Errorf("ratelimit: MaxKeys(%d): must be at least 1", n)
		}
		c.maxKeys, c.setMaxKeys = n, true
		return nil
	}
}

// Timeout bounds each Redis call, instead of [DefaultTimeout]; a call that
// takes longer fails like an unreachable Redis. Only with [Redis].
func Timeout(d time.Duration) Option {
	return func(c *config) error {
		if d <= 0 {
			return fmt.Errorf("ratelimit: Timeout(%v): must be positive", d)
		}
		c.timeout, c.setRedisOnly = d, true
		return nil
	}
}

// FailOpen sets whether requests go on unlimited when Redis fails (true),
// or are refused with 503 (false, the default; see the package doc). Only
// with [Redis].
func FailOpen(open bool) Option {
	return func(c *config) error {
		c.failOpen, c.setRedisOnly = open, true
		return nil
	}
}

// New returns a RateLimit that allows each key limit requests at once and
// refills them at limit per period. Bad values (limit < 1, a period under a
// millisecond, an option that contradicts another) are programming errors:
// New panics with an error naming the option and the value. Nil options are
// skipped.
func New(limit int, period time.Duration, opts ...Option) *RateLimit {
	if limit < 1 {
		panic(fmt.Errorf("ratelimit: New(%d, %v): the limit must be at least 1", limit, period))
	}
	if period < time.Millisecond {
		panic(fmt.Errorf("ratelimit: New(%d, %v): the period must be at least 1ms", limit, period))
	}
	rl := &RateLimit{
		limit: limit, period: period,
		policy:   strconv.Itoa(limit) + ";w=" + strconv.FormatInt(ceilSeconds(period), 10),
		limitStr: strconv.Itoa(limit),
		key:      ClientKey,
		timeout:  DefaultTimeout,
		maxKeys:  DefaultMaxKeys,
	}
	c := &config{RateLimit: rl}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(c); err != nil {
			panic(err)
		}
	}
	switch {
	case rl.redis != nil && c.setMaxKeys:
		panic(fmt.Errorf("ratelimit: MaxKeys(%d) with Redis: Redis keys expire by themselves", rl.maxKeys))
	case rl.redis == nil && c.setRedisOnly:
		panic(errors.New("ratelimit: Timeout and FailOpen apply only with Redis"))
	case rl.redis != nil:
		rl.redis.limit, rl.redis.period, rl.redis.timeout = limit, period, rl.timeout
		rl.store = rl.redis
	default:
		rl.store = newMemory(limit, period, rl.maxKeys)
	}
	return rl
}

// ClientKey is the default key: the client's address from
// [realip.ClientAddr], an IPv6 address cut to its /64 prefix; "unknown"
// when the server gave no address.
func ClientKey(req *iron.Request) string {
	a := realip.ClientAddr(req)
	switch {
	case !a.IsValid():
		return "unknown"
	case a.Is6():
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

// resultKey holds the result shown in the headers of the answer. When
// several RateLimits count a request, the one with the fewest requests left
// is shown.
var resultKey = iron.NewKey[shown]("ratelimit.result")

// Get returns the quota of req's key as the RateLimit headers of its answer
// show it, and whether a RateLimit counted req: the Result of the RateLimit
// that refused it, else, when several counted it, of the one with the
// fewest requests left. A [Responder], a handler or a logger reads it.
func Get(req *iron.Request) (Result, bool) {
	s, ok := iron.Get(req, resultKey)
	return s.Result, ok
}

// shown is a result and the RateLimit that counted it.
type shown struct {
	Result
	by *RateLimit
}

// Before counts the request against its key's quota, and refuses it with
// 429 when the quota is used up.
func (rl *RateLimit) Before(req *iron.Request) error {
	if rl.skip != nil && rl.skip(req) {
		return nil
	}
	ctx := req.PeekContext() // a Redis call is bounded by its own Timeout
	r, err := rl.store.take(ctx, rl.key(req))
	if err != nil {
		rl.logStoreError(ctx, err)
		if rl.failOpen {
			return nil
		}
		err = fmt.Errorf("%w: %w", ErrUnavailable, err)
		res := rl.answer(req, err, http.StatusServiceUnavailable, time.Second)
		return &iron.Error{Err: err, Response: res}
	}
	if prev, ok := iron.Get(req, resultKey); !ok || r.Remaining <= prev.Remaining || !r.Allowed {
		iron.Set(req, resultKey, shown{r, rl})
	}
	if r.Allowed {
		return nil
	}
	res := rl.answer(req, ErrLimited, http.StatusTooManyRequests, r.RetryAfter)
	rl.setHeaders(res, r)
	return &iron.Error{Err: ErrLimited, Response: res}
}

// answer returns the answer to a request refused with err: the
// responder's, else a plain-text one, with status and Retry-After unless
// the responder set them.
func (rl *RateLimit) answer(req *iron.Request, err error, status int, retryAfter time.Duration) *iron.Response {
	var res *iron.Response
	if rl.respond != nil {
		res = rl.respond(req, err)
	}
	if res == nil {
		res = iron.With(status, http.StatusText(status))
	} else {
		// The responder's own value, which it may return to every
		// request: the status and headers go on a copy.
		res = res.Clone()
	}
	if res.Status == 0 {
		res.Status = status
	}
	if res.Header.Get("Retry-After") == "" {
		res.SetHeader("Retry-After", strconv.FormatInt(max(1, ceilSeconds(retryAfter)), 10))
	}
	return res
}

// After adds the RateLimit headers to the answer, unless it has them.
func (rl *RateLimit) After(req *iron.Request, res *iron.Response) (*iron.Response, error) {
	if r, ok := iron.Get(req, resultKey); ok {
		r.by.setHeaders(res, r.Result)
	}
	return res, nil
}

// CatchAfter adds the RateLimit headers to the answer sent for err (a copy
// of it: an error's response may be shared), and passes the error on.
func (rl *RateLimit) CatchAfter(req *iron.Request, err error) (*iron.Response, error) {
	r, ok := iron.Get(req, resultKey)
	if !ok || errors.Is(err, ErrLimited) {
		return nil, err
	}
	res := iron.ErrorResponse(err)
	if res.Header.Get("RateLimit-Limit") != "" {
		return nil, err
	}
	res = res.Clone()
	r.by.setHeaders(res, r.Result)
	return nil, &iron.Error{Err: err, Response: res}
}

// setHeaders sets the draft-06 fields on res unless it has
// RateLimit-Limit already. The four values share one allocation.
func (rl *RateLimit) setHeaders(res *iron.Response, r Result) {
	if _, ok := res.Header["Ratelimit-Limit"]; ok {
		return
	}
	if res.Header == nil {
		res.Header = make(http.Header, 4)
	}
	v := make([]string, 4)
	v[0], v[1], v[2], v[3] = rl.limitStr, strconv.Itoa(r.Remaining), strconv.FormatInt(ceilSeconds(r.Reset), 10), rl.policy
	res.Header["Ratelimit-Limit"] = v[0:1:1]
	res.Header["Ratelimit-Remaining"] = v[1:2:2]
	res.Header["Ratelimit-Reset"] = v[2:3:3]
	res.Header["Ratelimit-Policy"] = v[3:4:4]
}

// logStoreError logs a store failure, at most once a second.
func (rl *RateLimit) logStoreError(ctx context.Context, err error) {
	now := time.Now().UnixNano()
	last := rl.lastLog.Load()
	if now-last < int64(time.Second) || !rl.lastLog.CompareAndSwap(last, now) {
		rl.suppressed.Add(1)
		return
	}
	l := rl.logger
	if l == nil {
		l = slog.Default()
	}
	action := "refused with 503"
	if rl.failOpen {
		action = "let through unlimited"
	}
	l.ErrorContext(ctx, "ratelimit: store failed; requests are "+action,
		"error", err, "suppressed", rl.suppressed.Swap(0))
}

// ceilSeconds rounds d up to whole seconds, taking a millisecond over a
// whole second as float noise (the bucket's arithmetic is in float64).
func ceilSeconds(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64((d + time.Second - time.Millisecond) / time.Second)
}
