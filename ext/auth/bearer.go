package auth

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/httpheader"
)

// BearerFunc returns the subject (a user or client name) the token stands
// for. It returns [ErrInvalidToken] for a token it does not accept and
// [ErrInsufficientScope] for one that does not allow the request (or
// errors wrapping them); any other error fails the request with a 500. It
// must be safe for concurrent use.
type BearerFunc func(req *iron.Request, token string) (subject string, err error)

// Bearer is a before middleware for Bearer tokens in the Authorization
// header (RFC 6750 section 2.1; tokens in query strings or form bodies are
// not read). Build it with [NewBearer]; it is read-only once built and safe
// for concurrent use.
type Bearer struct {
	config
	verify BearerFunc
	// challenges, by RFC 6750 error code ("" for none).
	plain, invalidRequest, invalidToken, insufficientScope string
}

// NewBearer returns a Bearer that checks tokens with verify. A nil verify
// or a bad option value panics with an error naming it.
func NewBearer(verify BearerFunc, opts ...Option) *Bearer {
	if verify == nil {
		panic(errors.New("auth: NewBearer(nil)"))
	}
	b := &Bearer{config: newConfig(opts), verify: verify}
	b.plain = "Bearer realm=" + httpheader.Quote(b.realm)
	b.invalidRequest = b.plain + `, error="invalid_request"`
	b.invalidToken = b.plain + `, error="invalid_token"`
	b.insufficientScope = b.plain + `, error="insufficient_scope"`
	return b
}

// Before authenticates req, or fails it with 401, 400 or 403.
func (b *Bearer) Before(req *iron.Request) error {
	if b.skip != nil && b.skip(req) {
		return nil
	}
	token, ok, err := credentials(req, "Bearer")
	if err != nil {
		return b.refuse(req, err, http.StatusBadRequest, b.invalidRequest, err)
	}
	if !ok {
		// RFC 6750 section 3.1: no error code when no token was sent.
		return b.refuse(req, ErrNoCredentials, http.StatusUnauthorized, b.plain, ErrNoCredentials)
	}
	if !isToken68(token) {
		err := fmt.Errorf("%w: the Bearer token is not a token68", ErrMalformed)
		return b.refuse(req, err, http.StatusBadRequest, b.invalidRequest, err)
	}
	subject, err := b.verify(req, token)
	switch {
	case errors.Is(err, ErrInsufficientScope):
		// The verify function's words may be internal: the client is
		// told the sentinel's.
		return b.refuse(req, err, http.StatusForbidden, b.insufficientScope, ErrInsufficientScope)
	case errors.Is(err, ErrInvalidToken):
		return b.refuse(req, err, http.StatusUnauthorized, b.invalidToken, ErrInvalidToken)
	case err != nil:
		return fmt.Errorf("auth: verifying a Bearer token: %w", err)
	}
	iron.Set(req, userKey, subject)
	return nil
}

// isToken68 reports whether s is a b64token (RFC 6750 section 2.1):
// 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
func isToken68(s string) bool {
	i := 0
	for i < len(s) {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/') {
			break
		}
		i++
	}
	if i == 0 {
		return false
	}
	for ; i < len(s); i++ {
		if s[i] != '=' {
			return false
		}
	}
	return true
}
