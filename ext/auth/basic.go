package auth

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/httpheader"
)

// BasicFunc reports whether user and password are right for req. It must
// be safe for concurrent use and should take as long for a wrong user as
// for a right one. An error (not a refusal) fails the request with a 500.
type BasicFunc func(req *iron.Request, user, password string) (bool, error)

// Basic is a before middleware for HTTP Basic authentication (see the
// package doc). Build it with [NewBasic]; it is read-only once built and
// safe for concurrent use.
type Basic struct {
	config
	verify    BasicFunc
	challenge string
}

// NewBasic returns a Basic that checks credentials with verify. A nil
// verify or a bad option value panics with an error naming it.
func NewBasic(verify BasicFunc, opts ...Option) *Basic {
	if verify == nil {
		panic(errors.New("auth: NewBasic(nil)"))
	}
	b := &Basic{config: newConfig(opts), verify: verify}
	b.challenge = "Basic realm=" + httpheader.Quote(b.realm) + `, charset="UTF-8"`
	return b
}

// Before authenticates req, or fails it with 401 or 400.
func (b *Basic) Before(req *iron.Request) error {
	if b.skip != nil && b.skip(req) {
		return nil
	}
	creds, ok, err := credentials(req, "Basic")
	if err != nil {
		return b.refuse(req, err, http.StatusBadRequest, "", err)
	}
	if !ok {
		return b.refuse(req, ErrNoCredentials, http.StatusUnauthorized, b.challenge, ErrNoCredentials)
	}
	user, password, err := parseBasic(creds)
	if err != nil {
		return b.refuse(req, err, http.StatusBadRequest, "", err)
	}
	right, err := b.verify(req, user, password)
	if err != nil {
		return fmt.Errorf("auth: verifying %q: %w", user, err)
	}
	if !right {
		return b.refuse(req, ErrBadCredentials, http.StatusUnauthorized, b.challenge, ErrBadCredentials)
	}
	iron.Set(req, userKey, user)
	return nil
}

// parseBasic decodes RFC 7617 credentials: base64 of user-id ":" password,
// neither with control characters, the user-id without a colon.
func parseBasic(creds string) (user, password string, err error) {
	raw, err := base64.StdEncoding.DecodeString(creds)
	if err != nil {
		return "", "", fmt.Errorf("%w: Basic credentials are not base64", ErrMalformed)
	}
	s := string(raw)
	user, password, ok := strings.Cut(s, ":")
	if !ok {
		return "", "", fmt.Errorf("%w: Basic credentials without a colon", ErrMalformed)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] == 0x7f {
			return "", "", fmt.Errorf("%w: control character in Basic credentials", ErrMalformed)
		}
	}
	return user, password, nil
}
