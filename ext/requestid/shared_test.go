package requestid_test

import (
	"errors"
	"net/http"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/requestid"
)

// Package-level answers, as handlers share them between requests.
var (
	sharedPage = iron.With(http.StatusOK, "same for all", http.Header{"Cache-Control": {"no-cache"}})
	sharedGone = iron.NewError(errors.New("gone"), http.StatusGone, "gone")
)

// Many requests at once each get their own identifier on answers and error
// answers that every request shares, and the shared answers never change.
// Run with -race.
func TestSharedAnswersUnderConcurrentRequests(t *testing.T) {
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if req.Path() == "/gone" {
			return nil, sharedGone
		}
		return sharedPage, nil
	})
	c := chain.New(h).Link(mustNew(t, requestid.Trust(trustAll)))
	page, gone := sharedPage.Clone(), sharedGone.Response.Clone()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				path := "/"
				if i%2 == 1 {
					path = "/gone"
				}
				req := iron.NewRequest("GET", path, nil)
				id := strconv.Itoa(g) + "-" + strconv.Itoa(i)
				req.Header().Set("X-Request-ID", id)
				res, err := c.Handle(req)
				if err != nil {
					res = iron.ErrorResponse(err)
				}
				assert.Equal(t, id, res.Header.Get("X-Request-ID"))
			}
		})
	}
	wg.Wait()
	assert.Equal(t, page.Header, sharedPage.Header)
	assert.Equal(t, gone.Header, sharedGone.Response.Header)
}
