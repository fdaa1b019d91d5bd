package auth

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"strings"

	"github.com/iron-go/iron"
)

type digest = [sha256.Size]byte

// Users returns a [BasicFunc] that accepts the user names and passwords of
// accounts (name → password), compared in constant time (see the package
// doc). Only SHA-256 digests are kept; accounts may be changed after the
// call. An empty map, or a name with a colon (which Basic cannot send),
// panics.
func Users(accounts map[string]string) BasicFunc {
	if len(accounts) == 0 {
		panic(fmt.Errorf("auth: Users(%d accounts): at least one is needed", len(accounts)))
	}
	type account struct{ user, password digest }
	list := make([]account, 0, len(accounts))
	for u, p := range accounts {
		if strings.Contains(u, ":") {
			panic(fmt.Errorf("auth: Users: user name %q has a colon", u))
		}
		list = append(list, account{sha256.Sum256([]byte(u)), sha256.Sum256([]byte(p))})
	}
	return func(_ *iron.Request, user, password string) (bool, error) {
		u, p := sha256.Sum256([]byte(user)), sha256.Sum256([]byte(password))
		match := 0
		for i := range list {
			match |= subtle.ConstantTimeCompare(u[:], list[i].user[:]) &
				subtle.ConstantTimeCompare(p[:], list[i].password[:])
		}
		return match == 1, nil
	}
}

// Tokens returns a [BearerFunc] that accepts the tokens of tokens (token →
// subject), compared in constant time (see the package doc); any other
// token is [ErrInvalidToken]. Only SHA-256 digests of the tokens are kept.
// An empty map, an empty token or one that is not a token68 panics.
func Tokens(tokens map[string]string) BearerFunc {
	if len(tokens) == 0 {
		panic(fmt.Errorf("auth: Tokens(%d tokens): at least one is needed", len(tokens)))
	}
	digests := make([]digest, 0, len(tokens))
	subjects := make([]string, 0, len(tokens))
	for t, s := range tokens {
		if !isToken68(t) {
			panic(fmt.Errorf("auth: Tokens: a token for %q is not a token68 (letters, digits, -._~+/ and trailing =)", s))
		}
		digests = append(digests, sha256.Sum256([]byte(t)))
		subjects = append(subjects, s)
	}
	return func(_ *iron.Request, token string) (string, error) {
		d := sha256.Sum256([]byte(token))
		found := -1
		for i := range digests {
			found = subtle.ConstantTimeSelect(subtle.ConstantTimeCompare(d[:], digests[i][:]), i, found)
		}
		if found < 0 {
			return "", ErrInvalidToken
		}
		return subjects[found], nil
	}
}
