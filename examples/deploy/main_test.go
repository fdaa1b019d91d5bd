package main

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/iron-go/iron/internal/component"
)

// runMainEnv makes the test binary run deploy's main instead of the tests,
// with the arguments after "--": TestCommand runs deploy as a user does,
// without building it.
const runMainEnv = "DEPLOY_TEST_RUN_MAIN"

// TestMain checks that no test leaves a goroutine behind: every process
// deploy starts is waited for, every client's connections closed.
func TestMain(m *testing.M) {
	component.RunMainInstead(runMainEnv, main)
	goleak.VerifyTestMain(m, goleak.Cleanup(func(int) {
		if built.dir != "" {
			os.RemoveAll(built.dir)
		}
	}))
}

// built is examples/site, built once for every test that runs it.
var built struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// testSite builds examples/site, as deploy does, the first time a test asks.
func testSite(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "iron-deploy-site-"); built.err != nil {
			return
		}
		began := time.Now()
		built.path, built.err = buildSite(context.Background(), built.dir)
		t.Logf("built examples/site in %v", time.Since(began).Round(time.Millisecond))
	})
	require.NoError(t, built.err)
	return built.path
}
