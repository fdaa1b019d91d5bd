package health

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/iron-go/iron"
)

// Drainer is what [Ready] needs to know of a server: whether it is draining
// (shutting down, letting in-flight requests finish). The engine's *Engine
// implements it.
type Drainer interface {
	Draining() bool
}

// Check is one named condition of health, such as a database ping. Func is
// called with the probe request's context, bounded by the check [Timeout],
// and reports a problem with a non-nil error. It should return when its
// context ends; one that does not is failed at the timeout all the same (see
// [Timeout]).
type Check struct {
	Name string
	Func func(ctx context.Context) error
}

// DefaultTimeout bounds each check when no [Timeout] option is given.
const DefaultTimeout = 2 * time.Second

// Option configures a probe handler in [Live] or [Ready], which check it: a
// bad value panics there, with an error that names the option and the value.
type Option func(*probe)

// Timeout sets how long each check may take, instead of [DefaultTimeout].
// Past it the check has failed and the probe answers without it, whether or
// not the check honours its context: a hung dependency fails the probe, it
// never hangs it. [Live] and [Ready] panic on a d that is not positive.
func Timeout(d time.Duration) Option {
	return func(p *probe) {
		if d <= 0 {
			panic(fmt.Errorf("health: Timeout(%v): must be positive", d))
		}
		p.timeout = d
	}
}

// Logger sets the logger failed checks are logged to; without it, they go to
// [slog.Default] as it is at the time of the probe. [Live] and [Ready] panic
// on nil.
func Logger(l *slog.Logger) Option {
	return func(p *probe) {
		if l == nil {
			panic(fmt.Errorf("health: Logger(nil): a logger is required"))
		}
		p.out = l
	}
}

// Checks adds checks to the probe; a probe runs all of them at once, each
// on its own goroutine, and waits for each until it returns or its
// [Timeout] passes. [Live] and [Ready] panic on a check without a Func,
// naming it.
func Checks(checks ...Check) Option {
	return func(p *probe) {
		for i, c := range checks {
			if c.Func == nil {
				panic(fmt.Errorf("health: Checks: check %q (#%d) has a nil Func", c.Name, i))
			}
			p.checks = append(p.checks, &check{Check: c})
		}
	}
}

// Live returns a liveness handler: 200 {"status":"ok"} while the process
// can answer and every check passes, 503 otherwise. Liveness failures
// usually get a process restarted, so give it only checks of the process
// itself (a deadlock detector), not of its dependencies: those belong to
// [Ready]. Nil options are skipped; a bad option value panics.
//
// The handler is an [iron.HandlerFunc], so that a router registers it as it
// registers any function: r.Get("/livez", health.Live()).
func Live(opts ...Option) iron.HandlerFunc {
	return newProbe(nil, opts).Handle
}

// Ready returns a readiness handler: 200 {"status":"ok"} when d is not
// draining and every check passes; 503 with "draining" or the names of the
// failed checks otherwise. A nil d is never draining. Checks run only when d
// is not draining. Nil options are skipped; a bad option value panics. Like
// [Live], it returns an [iron.HandlerFunc].
func Ready(d Drainer, opts ...Option) iron.HandlerFunc {
	return newProbe(d, opts).Handle
}

// probe is the handler behind Live and Ready.
type probe struct {
	drainer Drainer
	checks  []*check
	timeout time.Duration
	out     *slog.Logger // nil: slog.Default() at the time of the probe
}

// check is a Check and whether a run of it is still going.
type check struct {
	Check
	// running is set while a run of the check has not returned. A run that
	// outlives its timeout keeps it set, so that probes meanwhile fail the
	// check at once instead of starting more runs: a hung dependency costs
	// one goroutine, not one per probe.
	running atomic.Bool
}

func newProbe(d Drainer, opts []Option) *probe {
	p := &probe{drainer: d, timeout: DefaultTimeout}
	for _, o := range opts {
		if o != nil {
			o(p)
		}
	}
	return p
}

// report is the JSON body of a probe answer.
type report struct {
	Status   string   `json:"status"`
	Draining bool     `json:"draining,omitempty"`
	Failed   []string `json:"failed,omitempty"`
}

// Answers that depend on nothing are built once and shared.
var (
	okAnswer       = answer(http.StatusOK, report{Status: "ok"})
	drainingAnswer = answer(http.StatusServiceUnavailable, report{Status: "unavailable", Draining: true})
)

// Handle runs the probe.
func (p *probe) Handle(req *iron.Request) (*iron.Response, error) {
	if p.drainer != nil && p.drainer.Draining() {
		return drainingAnswer, nil
	}
	errs := p.runAll(req.Context())
	var failed []string
	for i, err := range errs {
		if err != nil {
			c := p.checks[i]
			failed = append(failed, c.Name)
			p.logger().LogAttrs(req.Context(), slog.LevelWarn, "health: check failed",
				slog.String("check", c.Name), slog.String("path", req.EscapedPath()), slog.String("error", err.Error()))
		}
	}
	if failed != nil {
		return answer(http.StatusServiceUnavailable, report{Status: "unavailable", Failed: failed}), nil
	}
	return okAnswer, nil
}

// result is what one run of a check reports.
type result struct {
	i   int
	err error
}

// runAll runs every check at once and returns their errors in the order of
// the checks. Concurrently, so that a probe takes as long as its slowest
// check, not the sum of them: orchestrators give a probe about a second.
// It returns when every check has, or when the timeout passes (or ctx ends):
// the checks still running then have failed, and are left to return on
// their own goroutines.
func (p *probe) runAll(ctx context.Context) []error {
	errs := make([]error, len(p.checks))
	if len(p.checks) == 0 {
		return errs
	}
	ctx, cancel := context.WithTimeout(ctx, p.timeout)
	defer cancel()
	// Buffered for every check, so that a run that returns after the probe
	// has answered never blocks.
	done := make(chan result, len(p.checks))
	pending := make([]bool, len(p.checks))
	waiting := 0
	for i, c := range p.checks {
		if !c.running.CompareAndSwap(false, true) {
			errs[i] = fmt.Errorf("health: check %q: an earlier run has not returned yet", c.Name)
			continue
		}
		pending[i] = true
		waiting++
		go func() {
			err := run(ctx, c.Func)
			// Cleared before the result is sent, so that a probe that
			// follows this one's answer finds the check free.
			c.running.Store(false)
			done <- result{i, err}
		}()
	}
	for waiting > 0 {
		select {
		case r := <-done:
			errs[r.i], pending[r.i] = r.err, false
			waiting--
		case <-ctx.Done():
			for i, still := range pending {
				if still {
					errs[i] = fmt.Errorf("health: check %q did not return within %v: %w", p.checks[i].Name, p.timeout, ctx.Err())
				}
			}
			return errs
		}
	}
	return errs
}

// run runs one check. A check that panics has failed: it runs on a goroutine
// of its own, where a panic would otherwise end the process.
func run(ctx context.Context, f func(context.Context) error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("health: check panicked: %v", v)
		}
	}()
	return f(ctx)
}

func (p *probe) logger() *slog.Logger {
	if p.out != nil {
		return p.out
	}
	return slog.Default()
}

func answer(status int, r report) *iron.Response {
	body, err := json.Marshal(r)
	if err != nil {
		panic("health: " + err.Error()) // a report of strings always marshals
	}
	return iron.With(status, iron.JSON, http.Header{"Cache-Control": {"no-store"}}, body)
}
