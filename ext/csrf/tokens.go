package csrf

import (
	"crypto/subtle"
	"fmt"
	"strings"

	"github.com/iron-go/iron"
)

// Tokens is a before middleware that refuses unsafe requests without the
// session's token (see the package doc). Make one with [New].
type Tokens struct{ c *config }

// New returns token middleware configured by opts (nil ones skipped). Link
// it after the session middleware. It panics on an option that applies to
// [NewCrossOrigin] only.
func New(opts ...Option) *Tokens {
	c := newConfig(opts)
	if len(c.crossOnly) > 0 {
		panic(fmt.Errorf("csrf: New: %s applies to NewCrossOrigin only", strings.Join(c.crossOnly, ", ")))
	}
	return &Tokens{c: c}
}

// Before lets safe and skipped requests through, and refuses an unsafe one
// whose token, from the header or the form, is missing or not the
// session's. A session store that cannot answer fails the request with the
// session's 503.
func (t *Tokens) Before(req *iron.Request) error {
	if safe(req.Method()) || (t.c.skip != nil && t.c.skip(req)) {
		return nil
	}
	sent, err := t.submitted(req)
	if err != nil {
		return err
	}
	if sent == "" {
		return t.c.refuse(req, ErrTokenMissing,
			fmt.Sprintf("send the token in the %s form field or the %s header", FieldName, t.c.header))
	}
	got, ok := unmask(sent)
	if !ok {
		return t.c.refuse(req, ErrTokenInvalid, "the token is malformed")
	}
	secret, err := sessionSecret(req, false)
	if err != nil {
		return err
	}
	if secret == nil || subtle.ConstantTimeCompare(got, secret) != 1 {
		return t.c.refuse(req, ErrTokenInvalid,
			"the token is not this session's (it may have expired, or you signed in or out since): reload the page and try again")
	}
	return nil
}
