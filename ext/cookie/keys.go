package cookie

import (
	"crypto/hkdf"
	"crypto/sha256"
	"errors"
	"fmt"
)

// MinSecretLength is the shortest secret [DeriveKeys] accepts, in bytes: 32,
// the output of `openssl rand -base64 24` and more; a secret is only as
// strong as it is unpredictable, so make it with a random generator.
const MinSecretLength = 32

// MinKeyLength is the shortest key [NewSigned] and [NewEncrypted] accept, in
// bytes.
const MinKeyLength = 32

// ErrWeakSecret is wrapped by the error [DeriveKeys] returns for a missing
// or short secret.
var ErrWeakSecret = errors.New("cookie: secret too short")

// DeriveKeys turns secret strings, such as a -secret flag or a SITE_SECRET
// variable shared by every instance of a site, into keys for [NewSigned] and
// [NewEncrypted], with HKDF-SHA-256. The first secret makes the first key,
// which signs and encrypts; list older secrets after it to keep accepting
// the cookies made under them. It returns an error wrapping [ErrWeakSecret]
// when there is no secret or one is shorter than [MinSecretLength] bytes,
// for the program to report to its user before it starts.
func DeriveKeys(secrets ...string) ([][]byte, error) {
	if len(secrets) == 0 {
		return nil, fmt.Errorf("%w: no secret given", ErrWeakSecret)
	}
	keys := make([][]byte, len(secrets))
	for i, s := range secrets {
		if len(s) < MinSecretLength {
			return nil, fmt.Errorf("%w: secret %d is %d bytes, at least %d are needed (make one with: openssl rand -base64 32)",
				ErrWeakSecret, i+1, len(s), MinSecretLength)
		}
		k, err := hkdf.Key(sha256.New, []byte(s), []byte("iron-go/cookie secret"), "key", 32)
		if err != nil { // only for an output length HKDF cannot make
			return nil, err
		}
		keys[i] = k
	}
	return keys, nil
}

// subkey derives the key one kind of codec uses from a key it was given, so
// that one key list can serve a signed and an encrypted codec (and any later
// kind) without a value of one ever verifying under the other.
func subkey(key []byte, purpose string) []byte {
	k, err := hkdf.Key(sha256.New, key, nil, "iron-go/cookie "+purpose, 32)
	if err != nil {
		panic("cookie: HKDF: " + err.Error()) // 32 bytes of SHA-256 HKDF cannot fail
	}
	return k
}
