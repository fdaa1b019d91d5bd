package proxytest_test

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/proxytest"
	"github.com/iron-go/iron/internal/servetest"
)

// A test that serves a handler with the engine behind each proxy and checks
// that no upstream connection was reset on the way. (It needs the test's
// *testing.T, so this example is compiled, not run.)
func Example() {
	testBehindProxies := func(t *testing.T) {
		addr := servetest.Engine(t, iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
			return iron.With(http.StatusOK, "hello"), nil
		}))
		for _, kind := range proxytest.Both {
			p := kind.Start(t, []string{addr}, proxytest.Timeout(5*time.Second))
			res, err := http.Get(p.URL + "/")
			if err != nil {
				t.Fatal(err)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			p.WaitEntries(1, 2*time.Second)
			if errs := p.UpstreamErrors(); len(errs) > 0 {
				t.Errorf("%s: %q", p.Name, errs)
			}
		}
	}
	_ = testBehindProxies
}
