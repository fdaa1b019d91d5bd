package ratelimit_test

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/ratelimit"
	"github.com/iron-go/iron/internal/servetest"
)

func TestOverTheWire(t *testing.T) {
	for _, srv := range servetest.Both {
		t.Run(srv.Name, func(t *testing.T) {
			h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return iron.With(200, "ok"), nil })
			addr := srv.Start(t, chain.New(h).Link(ratelimit.New(2, time.Minute)))
			client := &http.Client{Timeout: 10 * time.Second}
			defer client.CloseIdleConnections()
			var statuses []int
			var last *http.Response
			for range 3 {
				res, err := client.Get("http://" + addr + "/")
				require.NoError(t, err)
				_, _ = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				statuses = append(statuses, res.StatusCode)
				last = res
			}
			assert.Equal(t, []int{200, 200, 429}, statuses)
			assert.Equal(t, "30", last.Header.Get("Retry-After"))
			assert.Equal(t, "2", last.Header.Get("RateLimit-Limit"))
			assert.Equal(t, "0", last.Header.Get("RateLimit-Remaining"))
		})
	}
}
