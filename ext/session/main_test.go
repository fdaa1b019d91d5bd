package session_test

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"
	"go.uber.org/goleak"
)

// TestMain checks that no test leaves a goroutine behind (a memstore janitor
// not closed, a Redis client not closed), but those of the worker pool
// library the engine uses, which live as long as the process.
func TestMain(m *testing.M) {
	redis.SetLogger(quiet{}) // the tests that stop Redis make go-redis complain
	goleak.VerifyTestMain(m,
		goleak.IgnoreAnyFunction("github.com/panjf2000/ants/v2.(*poolCommon).purgeStaleWorkers"),
		goleak.IgnoreAnyFunction("github.com/panjf2000/ants/v2.(*poolCommon).ticktock"),
	)
}

type quiet struct{}

func (quiet) Printf(context.Context, string, ...any) {}
