package chain_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
)

// A probe is a middleware and a handler at once, as in Iron's own chain
// tests: Fine ('F') succeeds on both its normal and its error path, Prob
// ('P') fails on both. It records which path ran: 'N' normal, 'C' catch,
// '-' neither.
type probe struct {
	fine  bool
	trace *[]byte
	at    int
}

var errProb = errors.New("prob")

func (p probe) mark(c byte) {
	if (*p.trace)[p.at] != '-' {
		panic("probe ran twice")
	}
	(*p.trace)[p.at] = c
}

func (p probe) result() error {
	if p.fine {
		return nil
	}
	return errProb
}

func (p probe) Before(*iron.Request) error { p.mark('N'); return p.result() }

func (p probe) CatchBefore(_ *iron.Request, err error) error {
	p.mark('C')
	return p.result()
}

func (p probe) Handle(*iron.Request) (*iron.Response, error) {
	p.mark('N')
	if p.fine {
		return iron.With(200, "handler"), nil
	}
	return nil, errProb
}

func (p probe) After(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
	p.mark('N')
	if p.fine {
		return res, nil
	}
	return nil, errProb
}

func (p probe) CatchAfter(_ *iron.Request, err error) (*iron.Response, error) {
	p.mark('C')
	if p.fine {
		return iron.With(200, "recovered"), nil
	}
	return nil, err
}

// build makes a chain from Iron-style descriptions such as "PPF" and returns
// it with the trace its probes write: befores, then the handler, then afters.
func build(befores, handler, afters string) (*chain.Chain, *[]byte) {
	trace := []byte(strings.Repeat("-", len(befores)+1+len(afters)))
	tr := &trace
	c := chain.New(probe{fine: handler == "F", trace: tr, at: len(befores)})
	for i, k := range befores {
		c.LinkBefore(probe{fine: k == 'F', trace: tr, at: i})
	}
	for i, k := range afters {
		c.LinkAfter(probe{fine: k == 'F', trace: tr, at: len(befores) + 1 + i})
	}
	return c, tr
}

// TestResolution ports the seven table tests of Iron's chain
// (src/middleware/test.rs) and adds the paths they leave out.
func TestResolution(t *testing.T) {
	for _, tc := range []struct {
		name                    string
		befores, handler, after string
		// want is the trace: befores | handler | afters.
		wantBefores, wantHandler, wantAfters string
		wantErr                              bool
		wantBody                             string
	}{
		{"normal", "FFF", "F", "FFF", "NNN", "N", "NNN", false, "handler"},
		{"before error", "PPP", "F", "PPP", "NCC", "-", "CCC", true, ""},
		{"handler error", "FFF", "P", "PPP", "NNN", "N", "CCC", true, ""},
		{"after error", "FFF", "F", "PPP", "NNN", "N", "NCC", true, ""},
		{"before error then handle", "PPFF", "F", "F", "NCCN", "N", "N", false, "handler"},
		{"after error then handle", "", "F", "PPFF", "", "N", "NCCN", false, "recovered"},
		{"handler error then handle", "", "P", "PFF", "", "N", "CCN", false, "recovered"},
		// Beyond Iron's seven.
		{"no middleware", "", "F", "", "", "N", "", false, "handler"},
		{"last before fails", "FFP", "F", "F", "NNN", "-", "C", false, "recovered"},
		{"before error survives every catch", "PP", "F", "", "NC", "-", "", true, ""},
		{"handler error recovered by first after", "F", "P", "FF", "N", "N", "CN", false, "recovered"},
		{"after recovers then a later after fails", "", "P", "FPP", "", "N", "CNC", true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, trace := build(tc.befores, tc.handler, tc.after)
			res, err := c.Handle(iron.NewRequest("GET", "/", nil))
			want := tc.wantBefores + tc.wantHandler + tc.wantAfters
			assert.Equal(t, want, string(*trace), "which paths ran (N normal, C catch, - skipped)")
			if tc.wantErr {
				assert.ErrorIs(t, err, errProb)
				assert.Nil(t, res, "an error path returns no response")
				return
			}
			require.NoError(t, err)
			require.NotNil(t, res)
			body, _ := res.Body().Text()
			assert.Equal(t, tc.wantBody, body)
		})
	}
}

// A middleware without a catch passes the error on untouched.
type plainBefore struct{ ran *bool }

func (p plainBefore) Before(*iron.Request) error { *p.ran = true; return nil }

type plainAfter struct{ ran *bool }

func (p plainAfter) After(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
	*p.ran = true
	return res, nil
}

func TestMiddlewareWithoutCatchPassesErrorOn(t *testing.T) {
	var beforeRan, afterRan bool
	first := iron.BeforeFunc(func(*iron.Request) error { return iron.Errorf(418, "teapot") })
	c := chain.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		t.Fatal("handler must be skipped")
		return nil, nil
	}))
	c.LinkBefore(first, plainBefore{&beforeRan})
	c.LinkAfter(plainAfter{&afterRan})

	res, err := c.Handle(iron.NewRequest("GET", "/", nil))
	assert.Nil(t, res)
	var ie *iron.Error
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, 418, ie.Response.Status)
	assert.False(t, beforeRan, "Before must not run on the error path")
	assert.False(t, afterRan, "After must not run on the error path")
}
