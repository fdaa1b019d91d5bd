package cookie

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/httpheader"
)

// MaxSize is the largest name and value, together, that [Set] sends: 4096
// bytes, what RFC 6265 section 6.1 asks browsers to keep at least and what
// Chromium and Firefox keep at most. A larger cookie would be dropped by the
// browser without a word.
const MaxSize = 4096

var (
	// ErrMalformed is wrapped by the error [Set] returns for a cookie a
	// browser would drop or misread; the message says which part is wrong.
	ErrMalformed = errors.New("cookie: malformed cookie")
	// ErrTooLarge is wrapped by the error [Set] returns for a cookie whose
	// name and value are over [MaxSize] bytes.
	ErrTooLarge = errors.New("cookie: cookie too large")
)

// Set appends c to res as a Set-Cookie header line of its own, leaving every
// other Set-Cookie as it is. It sets a copy of c, with Path "/" when c's is
// empty and SameSite Lax when c's is unset (zero; [http.SameSiteDefaultMode]
// sends no SameSite attribute), and returns an error wrapping
// [ErrMalformed] or [ErrTooLarge] (and sets nothing) for a cookie a browser
// would not keep as sent (see the package doc).
func Set(res *iron.Response, c *http.Cookie) error {
	line, err := line(c)
	if err != nil {
		return err
	}
	res.AddHeader("Set-Cookie", line)
	return nil
}

// Delete asks the browser to drop a cookie: it appends a Set-Cookie for c's
// Name, Path and Domain (which must be those the cookie was set with; an
// empty Path means "/", as with [Set]) with an empty value and Max-Age=0.
// Secure, SameSite and Partitioned are copied too, as browsers refuse to
// overwrite a Secure cookie, or one with a __Host- or __Secure- name, from a
// Set-Cookie without Secure.
func Delete(res *iron.Response, c *http.Cookie) error {
	return Set(res, &http.Cookie{
		Name: c.Name, Path: c.Path, Domain: c.Domain, MaxAge: -1,
		Secure: c.Secure, HttpOnly: c.HttpOnly, SameSite: c.SameSite, Partitioned: c.Partitioned,
	})
}

// line checks c and returns its Set-Cookie value with Set's defaults.
func line(c *http.Cookie) (string, error) {
	if c == nil {
		return "", fmt.Errorf("%w: nil cookie", ErrMalformed)
	}
	cc := *c
	cc.Quoted = false
	if cc.Path == "" {
		cc.Path = "/"
	}
	if cc.SameSite == 0 { // unset; SameSiteDefaultMode asks for no attribute
		cc.SameSite = http.SameSiteLaxMode
	}
	if err := check(&cc); err != nil {
		return "", err
	}
	return cc.String(), nil
}

func check(c *http.Cookie) error {
	if !httpheader.IsToken(c.Name) {
		return fmt.Errorf("%w: name %q is not a token", ErrMalformed, c.Name)
	}
	if n := len(c.Name) + len(c.Value); n > MaxSize {
		return fmt.Errorf("%w: %q: name and value are %d bytes, the limit is %d", ErrTooLarge, c.Name, n, MaxSize)
	}
	for i := 0; i < len(c.Value); i++ {
		if !isCookieOctet(c.Value[i]) {
			return fmt.Errorf("%w: %q: byte %q at %d of the value is not allowed (RFC 6265 cookie-octet); encode the value first",
				ErrMalformed, c.Name, c.Value[i], i)
		}
	}
	for i := 0; i < len(c.Path); i++ {
		if b := c.Path[i]; b < 0x20 || b >= 0x7f || b == ';' {
			return fmt.Errorf("%w: %q: byte %q in Path", ErrMalformed, c.Name, b)
		}
	}
	if c.SameSite == http.SameSiteNoneMode && !c.Secure {
		return fmt.Errorf("%w: %q: SameSite=None needs Secure, or browsers drop the cookie", ErrMalformed, c.Name)
	}
	// Valid checks what is left: the domain, the expiry year, Partitioned
	// without Secure.
	if err := c.Valid(); err != nil {
		return fmt.Errorf("%w: %q: %v", ErrMalformed, c.Name, err)
	}
	return nil
}

// isCookieOctet reports whether b may appear in a value sent to a browser:
// RFC 6265 section 4.1.1's cookie-octet, stricter than what net/http sends
// (it quotes values with a space or a comma, which not every client reads
// back the same).
func isCookieOctet(b byte) bool {
	return b == 0x21 || (0x23 <= b && b <= 0x2b) || (0x2d <= b && b <= 0x3a) ||
		(0x3c <= b && b <= 0x5b) || (0x5d <= b && b <= 0x7e)
}
