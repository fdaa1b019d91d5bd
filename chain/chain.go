package chain

import (
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"github.com/iron-go/iron"
)

// Chain is a handler with before, after and around middleware linked to it.
// Link everything before the chain serves its first request: linking after
// that panics, so the middleware order can never change under load. Handle
// is safe for concurrent use; see the package doc for what it allocates.
type Chain struct {
	befores []before
	afters  []after
	arounds []iron.AroundMiddleware
	handler iron.Handler

	build    sync.Once
	wrapped  iron.Handler // handler inside every around; set once by build
	buildErr error        // why the build failed, raised again on every request
	sealed   atomic.Bool
}

type before struct {
	mw    iron.BeforeMiddleware
	catch iron.BeforeCatcher // nil when mw has no error path
}

type after struct {
	mw    iron.AfterMiddleware
	catch iron.AfterCatcher
}

// New returns a chain around h with no middleware. It panics on a nil h.
func New(h iron.Handler) *Chain {
	if h == nil {
		panic("chain: New(nil)")
	}
	return &Chain{handler: h}
}

// LinkBefore appends before middleware, to run after those linked earlier.
// A value that also implements [iron.BeforeCatcher] gets the error path too.
func (c *Chain) LinkBefore(mws ...iron.BeforeMiddleware) *Chain {
	c.mustBeOpen("LinkBefore")
	for _, m := range mws {
		mustNotBeNil("LinkBefore", m)
		catch, _ := m.(iron.BeforeCatcher)
		c.befores = append(c.befores, before{mw: m, catch: catch})
	}
	return c
}

// LinkAfter appends after middleware, to run after those linked earlier.
// A value that also implements [iron.AfterCatcher] gets the error path too.
func (c *Chain) LinkAfter(mws ...iron.AfterMiddleware) *Chain {
	c.mustBeOpen("LinkAfter")
	for _, m := range mws {
		mustNotBeNil("LinkAfter", m)
		catch, _ := m.(iron.AfterCatcher)
		c.afters = append(c.afters, after{mw: m, catch: catch})
	}
	return c
}

// LinkAround appends around middleware. The first linked is the outermost
// wrapper of the handler; befores and afters always run outside every
// around. Around is called once, when the chain serves its first request,
// with a next whose responses are the request's own ([iron.Own]), so that
// the handler it returns may change them in place. An Around that panics or
// returns nil fails the build for good: every request the chain serves then
// panics with an error that names that Around and says what it did (the
// panic value and the stack of the Around call), which the server answers
// with a 500 and logs, each time.
func (c *Chain) LinkAround(mws ...iron.AroundMiddleware) *Chain {
	c.mustBeOpen("LinkAround")
	for _, m := range mws {
		mustNotBeNil("LinkAround", m)
		c.arounds = append(c.arounds, m)
	}
	return c
}

// Link links m in every role it implements: before, after and around, in
// that order. It panics when m implements none of them.
func (c *Chain) Link(m any) *Chain {
	linked := false
	if b, ok := m.(iron.BeforeMiddleware); ok {
		c.LinkBefore(b)
		linked = true
	}
	if a, ok := m.(iron.AfterMiddleware); ok {
		c.LinkAfter(a)
		linked = true
	}
	if a, ok := m.(iron.AroundMiddleware); ok {
		c.LinkAround(a)
		linked = true
	}
	if !linked {
		panic(fmt.Sprintf("chain: Link(%T): not a before, after or around middleware", m))
	}
	return c
}

// Handle runs the request through the chain (see the package doc).
func (c *Chain) Handle(req *iron.Request) (*iron.Response, error) {
	c.build.Do(c.wrap)
	var err error
	for _, b := range c.befores {
		switch {
		case err == nil:
			err = b.mw.Before(req)
		case b.catch != nil:
			err = b.catch.CatchBefore(req, err)
		}
	}
	var res *iron.Response
	if err == nil {
		if c.wrapped == nil {
			panic(c.buildErr)
		}
		res, err = c.wrapped.Handle(req)
		res = dropOnError(res, err)
	}
	for _, a := range c.afters {
		switch {
		case err == nil:
			// The request's own copy, which the after may change in place;
			// for nil, the empty 404 the server would send.
			prev := iron.Own(req, res)
			res, err = a.mw.After(req, prev)
			if err != nil && res != prev {
				dropOnError(prev, err)
			}
			res = dropOnError(res, err)
		case a.catch != nil:
			res, err = a.catch.CatchAfter(req, err)
			res = dropOnError(res, err)
		}
	}
	return res, err
}

// dropOnError returns res, or nil when err is set: the error path carries no
// response, so one returned with an error is dropped unsent, and its body is
// closed to release a file behind it.
func dropOnError(res *iron.Response, err error) *iron.Response {
	if err == nil {
		return res
	}
	if res != nil {
		_ = res.Body().Close()
	}
	return nil
}

// wrap builds the handler inside the arounds, the first linked outermost,
// and seals the chain against further links. Each Around gets the handler
// inside it through owning, so that what it returns is the request's own.
func (c *Chain) wrap() {
	c.sealed.Store(true)
	h := c.handler
	for i := len(c.arounds) - 1; i >= 0; i-- {
		var err error
		if h, err = buildAround(c.arounds[i], owning{h}); err != nil {
			c.buildErr = err
			return
		}
	}
	c.wrapped = h
}

// ErrBuild is wrapped by the error a chain panics with on every request when
// an Around failed as the chain was built (see [Chain.LinkAround]).
var ErrBuild = errors.New("chain: building the arounds failed")

// buildAround calls m.Around(next), and turns a panic or a nil handler into
// an error that says which Around did what.
func buildAround(m iron.AroundMiddleware, next iron.Handler) (h iron.Handler, err error) {
	defer func() {
		if p := recover(); p != nil {
			cause, ok := p.(error) // wrapped too, for errors.Is and errors.As
			if !ok {
				cause = fmt.Errorf("%v", p)
			}
			h, err = nil, fmt.Errorf("%w: %T.Around panicked: %w\n\n%s", ErrBuild, m, cause, debug.Stack())
		}
	}()
	if h = m.Around(next); h == nil {
		return nil, fmt.Errorf("%w: %T.Around returned a nil handler", ErrBuild, m)
	}
	return h, nil
}

// owning is the handler an Around wraps: next, whose response it makes the
// request's own, so that the around may change it in place.
type owning struct{ next iron.Handler }

func (o owning) Handle(req *iron.Request) (*iron.Response, error) {
	res, err := o.next.Handle(req)
	if err != nil || res == nil {
		return res, err
	}
	return iron.Own(req, res), nil
}

func (c *Chain) mustBeOpen(op string) {
	if c.sealed.Load() {
		panic("chain: " + op + " after the chain started serving requests")
	}
}

func mustNotBeNil(op string, m any) {
	if m == nil {
		panic("chain: " + op + "(nil)")
	}
}
