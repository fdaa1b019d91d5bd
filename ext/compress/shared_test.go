package compress_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
)

// A package-level answer, as handlers share them between requests.
var sharedText = iron.With(http.StatusOK, text, http.Header{"Etag": {`"v1"`}, "Vary": {"Cookie"}})

// Many requests at once, each accepting its own encoding, get that encoding
// of an answer every request shares, and the shared answer never changes.
// Run with -race.
func TestSharedAnswerUnderConcurrentRequests(t *testing.T) {
	c := chain.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return sharedText, nil })).LinkAfter(mustNew(t))
	want := sharedText.Clone()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			coding := []string{"br", "zstd", "gzip", "identity"}[g%4]
			for range 25 {
				req := iron.NewRequest("GET", "/", nil)
				req.Header().Set("Accept-Encoding", coding)
				res, err := c.Handle(req)
				if !assert.NoError(t, err) {
					return
				}
				got, err := decode(t, coding, written(t, res))
				assert.NoError(t, err)
				assert.Equal(t, text, got)
				assert.Equal(t, []string{"Cookie", "Accept-Encoding"}, res.Header.Values("Vary"))
				if coding != "identity" {
					assert.Equal(t, coding, res.Header.Get("Content-Encoding"))
					assert.Equal(t, `W/"v1"`, res.Header.Get("Etag"))
				}
			}
		})
	}
	wg.Wait()
	assert.Equal(t, want.Header, sharedText.Header)
	assert.Equal(t, int64(len(text)), sharedText.Body().Len())
}
