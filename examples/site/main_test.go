package main

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"
	"go.uber.org/goleak"
	"golang.org/x/crypto/bcrypt"

	"github.com/iron-go/iron/internal/component"
)

// runMainEnv makes the test binary run the site's main instead of the tests,
// with the arguments after "--": TestSIGTERM starts the site as a process
// that way, without building it.
const runMainEnv = "SITE_TEST_RUN_MAIN"

// TestMain checks that no test leaves a goroutine behind (a stream, a Redis
// client, a session janitor), but those of the worker pool library the engine
// uses, which live as long as the process.
func TestMain(m *testing.M) {
	component.RunMainInstead(runMainEnv, main)

	realUsers = builtinUsers
	// bcrypt at its default cost takes over a second a check under the race
	// detector, and the tests sign in dozens of times: they check the same
	// passwords against cheaper hashes. TestBuiltinUsers checks the real ones.
	builtinUsers = userTable{
		hashes: map[string][]byte{"alice": cheapHash("wonderland"), "bob": cheapHash("builder")},
		decoy:  cheapHash("no user has this password"),
	}
	redis.SetLogger(quiet{}) // the tests that stop Redis make go-redis complain
	goleak.VerifyTestMain(m,
		goleak.IgnoreAnyFunction("github.com/panjf2000/ants/v2.(*poolCommon).purgeStaleWorkers"),
		goleak.IgnoreAnyFunction("github.com/panjf2000/ants/v2.(*poolCommon).ticktock"),
	)
}

// realUsers are the site's own accounts, with their real hashes.
var realUsers userTable

func cheapHash(password string) []byte {
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	if err != nil {
		panic(err)
	}
	return h
}

type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}
