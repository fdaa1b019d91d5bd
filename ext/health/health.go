package health

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
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
// called with the probe request's context, bounded by the check timeout, and
// reports a problem with a non-nil error.
type Check struct {
	Name string
	Func func(ctx context.Context) error
}

// DefaultCheckTimeout bounds each check, so that a hung dependency fails the
// probe instead of hanging it.
const DefaultCheckTimeout = 2 * time.Second

// Option configures a probe handler.
type Option func(*probe)

// CheckTimeout sets how long each check may take, instead of
// [DefaultCheckTimeout]; zero or less means no bound beyond the request's.
func CheckTimeout(d time.Duration) Option { return func(p *probe) { p.checkTimeout = d } }

// Output sets the logger failed probes are logged to; nil means
// [slog.Default] at the time of the probe.
func Output(l *slog.Logger) Option { return func(p *probe) { p.out = l } }

// Checks adds checks to the probe; a probe runs all of them at once, each
// on its own goroutine, and waits for every one of them.
// It panics on a check without a Func, naming it.
func Checks(checks ...Check) Option {
	for i, c := range checks {
		if c.Func == nil {
			panic(fmt.Sprintf("health: Checks: check %q (#%d) has a nil Func", c.Name, i))
		}
	}
	return func(p *probe) { p.checks = append(p.checks, checks...) }
}

// Live returns a liveness handler: 200 {"status":"ok"} while the process
// can answer and every check passes, 503 otherwise. Liveness failures
// usually get a process restarted, so give it only checks of the process
// itself (a deadlock detector), not of its dependencies: those belong to
// [Ready]. Nil options are skipped.
func Live(opts ...Option) iron.Handler {
	return newProbe(nil, opts)
}

// Ready returns a readiness handler: 200 {"status":"ok"} when d is not
// draining and every check passes; 503 with "draining" or the names of the
// failed checks otherwise. A nil d is never draining. Checks run only when d
// is not draining. Nil options are skipped.
func Ready(d Drainer, opts ...Option) iron.Handler {
	return newProbe(d, opts)
}

// probe is the handler behind Live and Ready.
type probe struct {
	drainer      Drainer
	checks       []Check
	checkTimeout time.Duration
	out          *slog.Logger
}

func newProbe(d Drainer, opts []Option) *probe {
	p := &probe{drainer: d, checkTimeout: DefaultCheckTimeout}
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

// runAll runs every check at once and returns their errors in the order of
// the checks. Concurrently, so that a probe takes as long as its slowest
// check, not the sum of them: orchestrators give a probe about a second.
func (p *probe) runAll(ctx context.Context) []error {
	errs := make([]error, len(p.checks))
	var wg sync.WaitGroup
	for i, c := range p.checks {
		wg.Go(func() { errs[i] = p.run(ctx, c) })
	}
	wg.Wait()
	return errs
}

// run runs one check. A check that panics has failed: it runs on a goroutine
// of its own, where a panic would otherwise end the process.
func (p *probe) run(ctx context.Context, c Check) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("health: check panicked: %v", v)
		}
	}()
	if p.checkTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, p.checkTimeout)
		defer cancel()
	}
	return c.Func(ctx)
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
