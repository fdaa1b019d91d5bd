package main

import "golang.org/x/crypto/bcrypt"

// userTable holds the accounts that may sign in, as password hashes: the
// site never keeps a password. A real application keeps these in its
// database; the shape of the check stays the same.
type userTable struct {
	// hashes maps a user name to the bcrypt hash of its password.
	hashes map[string][]byte
	// decoy is a hash of a password nobody has, checked for a name that has
	// no account, so that a wrong name costs as much time as a wrong
	// password and the time of an answer does not tell which names exist.
	decoy []byte
}

// builtinUsers are alice / wonderland and bob / builder, hashed with
// bcrypt at its default cost (made with bcrypt.GenerateFromPassword).
var builtinUsers = userTable{
	hashes: map[string][]byte{
		"alice": []byte("$2a$10$/vO5nphds2KVI9yAQGMxCOlvpGKdWcmPYsKfOdWl4D/3L6JYlHUUG"),
		"bob":   []byte("$2a$10$e6vhuCdZLDn1L0b.ZmUjA.rYor.BUavHHTIg8j7ds1Zc1EQfVxphG"),
	},
	decoy: []byte("$2a$10$PNVkdr/gUredWtfpI6/qNuK.8qqOKD66anD1j0PU10SYcfFCTKKSS"),
}

// check reports whether password is name's. It takes the time of one bcrypt
// comparison whatever the name, and bcrypt compares the hashes in constant
// time.
func (u userTable) check(name, password string) bool {
	hash, known := u.hashes[name]
	if !known {
		hash = u.decoy
	}
	ok := bcrypt.CompareHashAndPassword(hash, []byte(password)) == nil
	return known && ok
}
