package cors_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/cors"
)

// Package-level answers, as handlers share them between requests.
var (
	sharedPage = iron.With(http.StatusOK, "same for all", http.Header{"Vary": {"Accept-Encoding"}})
	sharedDown = iron.NewError(errDown, http.StatusServiceUnavailable, "down", http.Header{"Retry-After": {"1"}})
)

// Many requests at once, from allowed and other origins, get their own CORS
// headers on answers and error answers that every request shares, with CORS
// linked as an around and wrapping a whole chain; the shared answers never
// change. Run with -race.
func TestSharedAnswersUnderConcurrentRequests(t *testing.T) {
	mw := cors.New(cors.WithConfig(listed))
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if req.Path() == "/down" {
			return nil, sharedDown
		}
		return sharedPage, nil
	})
	page, down := sharedPage.Clone(), sharedDown.Response.Clone()
	for name, server := range map[string]iron.Handler{
		"linked":   chain.New(h).LinkAround(mw),
		"wrapping": mw.Around(chain.New(h)),
	} {
		t.Run(name, func(t *testing.T) {
			var wg sync.WaitGroup
			for g := range 8 {
				wg.Go(func() {
					for i := range 50 {
						path, origin := "/", "https://app.example.com"
						if i%2 == 1 {
							path = "/down"
						}
						if g%2 == 1 {
							origin = "https://other.example.net"
						}
						req := iron.NewRequest("GET", path, nil)
						req.Header().Set("Origin", origin)
						res, err := server.Handle(req)
						if err != nil {
							res = iron.ErrorResponse(err)
						}
						want := ""
						if g%2 == 0 {
							want = origin
						}
						assert.Equal(t, want, res.Header.Get("Access-Control-Allow-Origin"))
						assert.Contains(t, res.Header.Values("Vary"), "Origin")
					}
				})
			}
			wg.Wait()
		})
	}
	assert.Equal(t, page.Header, sharedPage.Header)
	assert.Equal(t, down.Header, sharedDown.Response.Header)
}
