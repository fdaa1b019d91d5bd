package router_test

import (
	"testing"

	"go.uber.org/goleak"
)

// The server tests start an engine; ants starts the goroutines of its
// default pool when imported, and they stay.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreAnyFunction("github.com/panjf2000/ants/v2.(*poolCommon).purgeStaleWorkers"),
		goleak.IgnoreAnyFunction("github.com/panjf2000/ants/v2.(*poolCommon).ticktock"),
	)
}
