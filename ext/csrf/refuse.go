package csrf

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/iron-go/iron"
)

var (
	// ErrTokenMissing is wrapped by the error of an unsafe request that
	// carries no token.
	ErrTokenMissing = errors.New("csrf: no CSRF token")
	// ErrTokenInvalid is wrapped by the error of an unsafe request whose
	// token is malformed or not the one of its session (which may have
	// expired, or been renewed at sign-in).
	ErrTokenInvalid = errors.New("csrf: CSRF token invalid")
	// ErrCrossOrigin is wrapped by the error of an unsafe request a browser
	// sent from another origin.
	ErrCrossOrigin = errors.New("csrf: cross-origin request refused")
)

// safe reports whether method is safe (RFC 9110 section 9.2.1): one that
// must not change anything, and so needs no protection.
func safe(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
		return true
	}
	return false
}

// refuse returns the 403 error for a refused request: sentinel with why,
// answered with the configured responder (403 unless it set a status) or a
// plain-text body that says why.
func (c *config) refuse(req *iron.Request, sentinel error, why string) error {
	err := fmt.Errorf("%w: %s", sentinel, why)
	var res *iron.Response
	if c.respond != nil {
		res = c.respond(req, err)
	}
	switch {
	case res == nil:
		res = iron.With(http.StatusForbidden, "Forbidden: "+err.Error()+"\n")
	case res.Status == 0:
		res = res.Clone() // the responder's own, maybe shared
		res.Status = http.StatusForbidden
	}
	return &iron.Error{Err: err, Response: res}
}
