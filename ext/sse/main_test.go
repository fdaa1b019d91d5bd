package sse_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain checks that every stream's goroutines (its heartbeat, its
// producer) are gone when the tests end, but those of the worker pool
// library the engine uses, which live as long as the process.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreAnyFunction("github.com/panjf2000/ants/v2.(*poolCommon).purgeStaleWorkers"),
		goleak.IgnoreAnyFunction("github.com/panjf2000/ants/v2.(*poolCommon).ticktock"),
	)
}
