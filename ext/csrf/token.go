package csrf

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"html"
	"html/template"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/session"
)

// secretLen is the length of the secret kept in the session, and of the
// pad that masks it in a token.
const secretLen = 32

// tokenLen is the length of a token as sent: base64url of pad || masked.
var tokenLen = base64.RawURLEncoding.EncodedLen(2 * secretLen)

// stored is what the session holds: the secret, and a digest of the
// session ID it was made for, so that a renewed session gets a new one
// (the ID itself is not copied into the values, which a site may show).
type stored struct {
	Secret []byte `json:"secret"`
	Bound  []byte `json:"bound"`
}

var storedKey = session.NewKey[stored]("csrf.token")

// Token returns a token for the request's session, to put in a form's
// csrf_token field (see [Field]) or in a page for its scripts to send in the
// X-CSRF-Token header. The first call for a session makes its secret and
// saves it in the session; every call returns a differently masked token
// for the same secret, all valid until the session ends or is renewed. Call
// it after [session.Renew], not before, on a page that signs in. The error
// is that of the session (a store that is down, a session middleware not
// linked).
func Token(req *iron.Request) (string, error) {
	secret, err := sessionSecret(req, true)
	if err != nil {
		return "", err
	}
	return mask(secret), nil
}

// Field returns a hidden input that carries a [Token], for an HTML form:
// <input type="hidden" name="csrf_token" value="...">. The error is
// Token's.
func Field(req *iron.Request) (template.HTML, error) {
	t, err := Token(req)
	if err != nil {
		return "", err
	}
	// The token is base64url: escaping is for the reader's peace of mind.
	return template.HTML(`<input type="hidden" name="` + FieldName + `" value="` + html.EscapeString(t) + `">`), nil
}

// sessionSecret returns the secret of the request's session, made and
// saved when create is set and there is none for the session's current
// ID; nil when there is none and create is not set.
func sessionSecret(req *iron.Request, create bool) ([]byte, error) {
	id, err := session.ID(req)
	if err != nil {
		return nil, err
	}
	bound := sha256.Sum256([]byte("csrf " + id))
	s, ok, err := session.Get(req, storedKey)
	if err != nil {
		return nil, err
	}
	if ok && len(s.Secret) == secretLen && subtle.ConstantTimeCompare(s.Bound, bound[:16]) == 1 {
		return s.Secret, nil
	}
	if !create {
		return nil, nil
	}
	secret := make([]byte, secretLen)
	rand.Read(secret) // never fails (crypto/rand)
	if err := session.Set(req, storedKey, stored{Secret: secret, Bound: bound[:16]}); err != nil {
		return nil, err
	}
	return secret, nil
}

// mask returns the token for secret: base64url(pad || pad XOR secret) with
// a fresh random pad.
func mask(secret []byte) string {
	buf := make([]byte, 2*secretLen)
	pad, masked := buf[:secretLen], buf[secretLen:]
	rand.Read(pad)
	subtle.XORBytes(masked, pad, secret)
	return base64.RawURLEncoding.EncodeToString(buf)
}

// unmask returns the secret a token carries, or false for anything that is
// not a well-formed token.
func unmask(token string) ([]byte, bool) {
	if len(token) != tokenLen {
		return nil, false
	}
	buf, err := base64.RawURLEncoding.Strict().DecodeString(token)
	if err != nil || len(buf) != 2*secretLen {
		return nil, false
	}
	secret := make([]byte, secretLen)
	subtle.XORBytes(secret, buf[:secretLen], buf[secretLen:])
	return secret, true
}
