package httpadapter_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/httpadapter"
)

// TestConcurrentRequests runs held-back and streamed net/http answers, and
// Around middleware, from many clients at once, for the race detector to
// watch the hand-overs between goroutines.
func TestConcurrentRequests(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/small/{n}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "small %s %s", r.PathValue("n"), r.Header.Get("X-N"))
	})
	mux.HandleFunc("/stream/{n}", func(w http.ResponseWriter, r *http.Request) {
		for i := range 3 {
			fmt.Fprintf(w, "%s.%d ", r.PathValue("n"), i)
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/large/{n}", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, strings.Repeat(r.PathValue("n"), 3000))
	})
	c := chain.New(httpadapter.FromHTTP(mux, httpadapter.BufferBytes(1024)))
	c.LinkAround(httpadapter.Around(func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Around", "1")
			next.ServeHTTP(w, r)
		})
	}))
	c.LinkAfter(iron.AfterFunc(func(req *iron.Request, res *iron.Response) (*iron.Response, error) {
		res.SetHeader("X-Path", req.Path())
		return res, nil
	}))
	for _, srv := range servers {
		t.Run(srv.name, func(t *testing.T) {
			base, client := srv.start(t, c)
			var wg sync.WaitGroup
			for g := range 8 {
				wg.Go(func() {
					for i := range 6 {
						n := fmt.Sprint(g*10 + i)
						var path, want string
						switch i % 3 {
						case 0:
							path, want = "/small/"+n, "small "+n+" "+n
						case 1:
							path, want = "/stream/"+n, n+".0 "+n+".1 "+n+".2 "
						default:
							path, want = "/large/"+n, strings.Repeat(n, 3000)
						}
						req, _ := http.NewRequest("GET", base+path, nil)
						req.Header.Set("X-N", n)
						res, err := client.Do(req)
						if !assert.NoError(t, err) {
							return
						}
						body, err := io.ReadAll(res.Body)
						res.Body.Close()
						assert.NoError(t, err)
						assert.Equal(t, want, string(body))
						assert.Equal(t, "1", res.Header.Get("X-Around"))
						assert.Equal(t, path, res.Header.Get("X-Path"))
					}
				})
			}
			wg.Wait()
		})
	}
}
