package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The built-in accounts' real hashes (the other tests use cheaper ones, see
// TestMain) are those of the documented passwords.
func TestBuiltinUsers(t *testing.T) {
	t.Parallel() // bcrypt at its real cost is slow under the race detector
	for _, tc := range []struct {
		name, password string
		ok             bool
	}{
		{"alice", "wonderland", true},
		{"bob", "builder", true},
		{"alice", "builder", false},
		{"carol", "wonderland", false},
	} {
		assert.Equal(t, tc.ok, realUsers.check(tc.name, tc.password), "%s / %s", tc.name, tc.password)
	}
}

// check takes the right password only, and no password for a name nobody
// has, not even the decoy's (here with the cheap hashes of TestMain).
func TestUserCheck(t *testing.T) {
	u := builtinUsers
	assert.True(t, u.check("alice", "wonderland"))
	assert.False(t, u.check("alice", ""))
	assert.False(t, u.check("", ""))
	assert.False(t, u.check("nobody", "no user has this password"), "the decoy's password signs no one in")
}
