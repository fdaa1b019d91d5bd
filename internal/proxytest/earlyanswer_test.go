package proxytest_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/iron-go/iron/internal/proxytest"
)

// front starts a proxy in front of an upstream address.
type front struct {
	name  string
	start func(t testing.TB, addr string) *proxytest.Proxy
}

// fronts are the proxies the suite runs behind: nginx streaming request
// bodies upstream as they come, nginx reading them whole first (its
// default), and HAProxy.
var fronts = []front{
	{"nginx", func(t testing.TB, addr string) *proxytest.Proxy {
		return proxytest.Nginx(t, []string{addr}, proxytest.RequestBuffering(false))
	}},
	{"nginx-buffered", func(t testing.TB, addr string) *proxytest.Proxy {
		return proxytest.Nginx(t, []string{addr}, proxytest.RequestBuffering(true))
	}},
	{"haproxy", func(t testing.TB, addr string) *proxytest.Proxy {
		return proxytest.HAProxy(t, []string{addr})
	}},
}

const (
	requestsPerCase = 20
	parallel        = 4
)

// TestEarlyAnswersBehindProxies sends bodies under and over the upstream's
// 10 MiB limit, with Content-Length and chunked, through nginx and HAProxy
// (keep-alive to the upstream) to the engine and, as the control, to
// net/http: every over-limit body must get its 413 and every other its
// echo, with no 502 or 504, no client error, and no upstream reset in the
// proxy's logs.
func TestEarlyAnswersBehindProxies(t *testing.T) {
	for _, up := range []upstream{onEngine, onNetHTTP} {
		t.Run(up.name, func(t *testing.T) {
			addr := up.start(t)
			for _, fr := range fronts {
				t.Run(fr.name, func(t *testing.T) {
					p := fr.start(t, addr)
					c := newClient(t)
					for _, bc := range bodyCases {
						t.Run(bc.name, func(t *testing.T) {
							checkEarlyAnswers(t, up, fr.name, p, c, bc)
						})
					}
				})
			}
		})
	}
}

// checkEarlyAnswers runs one body case through p and checks what the
// client got and what the proxy logged.
func checkEarlyAnswers(t *testing.T, up upstream, frontName string, p *proxytest.Proxy, c *http.Client, bc bodyCase) {
	overLimit := bc.size > bodyLimit
	entriesBefore, resetsBefore := len(p.Entries()), len(p.UpstreamErrors())
	start := time.Now()
	tl := sendAll(c, p.URL, bc, requestsPerCase, parallel)
	took := time.Since(start)
	// A proxy logs a request once done with it, which for a reset stream
	// can be after the client has its answer.
	p.WaitEntries(entriesBefore+requestsPerCase, 3*time.Second)
	resets := p.UpstreamErrors()[resetsBefore:]
	t.Logf("%s behind %s, %s ×%d: %s; upstream resets logged: %d [%v]",
		up.name, frontName, bc.name, requestsPerCase, tl, len(resets), took.Round(time.Millisecond))

	strict := map[string]int{}
	for outcome, n := range tl.counts() {
		if outcome != bc.want() && overLimit && up.tolerated(frontName, outcome) {
			t.Logf("known %s behaviour behind %s, not counted: %s ×%d", up.name, frontName, outcome, n)
			continue
		}
		strict[outcome] += n
	}
	want := map[string]int{bc.want(): requestsPerCase - (sum(tl.counts()) - sum(strict))}
	assert.Equal(t, want, strict, "every request answered %s: no 502, no 504, no client error", bc.want())

	switch {
	case len(resets) == 0:
	case overLimit && up.toleratesResets == frontName:
		t.Logf("known %s behaviour behind %s, not counted: the upstream resets, such as %s", up.name, frontName, resets[0])
	default:
		assert.Empty(t, resets, "upstream resets in %s's log", frontName)
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
