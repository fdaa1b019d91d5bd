package persistent_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/persistent"
	"github.com/iron-go/iron/internal/servetest"
)

func TestReadGivesTheSharedValueOnlyWhereLinked(t *testing.T) {
	slot := persistent.NewRead[[]string]("langs")
	langs := []string{"go", "rust"}
	for _, tc := range []struct {
		name   string
		link   []iron.BeforeMiddleware
		want   []string
		wantOK bool
	}{
		{"not linked", nil, nil, false},
		{"linked", []iron.BeforeMiddleware{slot.Share(langs)}, langs, true},
		{"linked twice: the later wins", []iron.BeforeMiddleware{slot.Share([]string{"c"}), slot.Share(langs)}, langs, true},
		{"another slot of the same type is another value", []iron.BeforeMiddleware{persistent.NewRead[[]string]("other").Share([]string{"x"})}, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			var ok bool
			c := chain.New(iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
				got, ok = slot.Get(req)
				return iron.With(http.StatusOK), nil
			}))
			if len(tc.link) > 0 {
				c.LinkBefore(tc.link...)
			}
			_, err := c.Handle(iron.NewRequest("GET", "/", nil))
			require.NoError(t, err)
			assert.Equal(t, tc.wantOK, ok)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestLockedSlotsWithoutTheirMiddleware(t *testing.T) {
	w := persistent.NewWrite[int]("w")
	s := persistent.NewState[int]("s")
	req := iron.NewRequest("GET", "/", nil)
	called := false
	for name, err := range map[string]error{
		"Write.Update": w.Update(req, func(*int) { called = true }),
		"State.Update": s.Update(req, func(*int) { called = true }),
		"State.View":   s.View(req, func(int) { called = true }),
	} {
		assert.ErrorIs(t, err, persistent.ErrNotLinked, name)
		assert.Equal(t, http.StatusInternalServerError, iron.ErrorResponse(err).StatusCode(), name)
	}
	assert.False(t, called, "fn runs without a linked value")
	_, ok := w.Get(req)
	assert.False(t, ok)
	_, ok = s.Get(req)
	assert.False(t, ok)
	assert.ErrorContains(t, w.Update(req, func(*int) {}), `"w"`, "the error names the slot")
}

func TestShareOfNilPanics(t *testing.T) {
	assert.PanicsWithError(t, `persistent: Write.Share(nil) for iron.Key[*persistent.Locked[int]]("n")`, func() {
		persistent.NewWrite[int]("n").Share(nil)
	})
	assert.PanicsWithError(t, `persistent: State.Share(nil) for iron.Key[*persistent.RWLocked[int]]("n")`, func() {
		persistent.NewState[int]("n").Share(nil)
	})
}

// TestNestedChainsTheInnermostWins: a chain inside another (a router's
// route, say) that links its own value overrides the outer one for its
// requests only.
func TestNestedChainsTheInnermostWins(t *testing.T) {
	slot := persistent.NewRead[string]("where")
	read := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		v, _ := slot.Get(req)
		return iron.With(http.StatusOK, v), nil
	})
	inner := chain.New(read)
	inner.LinkBefore(slot.Share("inner"))
	mux := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if req.Path() == "/inner" {
			return inner.Handle(req)
		}
		return read(req)
	})
	outer := chain.New(mux)
	outer.LinkBefore(slot.Share("outer"))
	for path, want := range map[string]string{"/inner": "inner", "/": "outer"} {
		res, err := outer.Handle(iron.NewRequest("GET", path, nil))
		require.NoError(t, err)
		s, _ := res.Body().Text()
		assert.Equal(t, want, s, path)
	}
}

func TestShareAllocatesNothingPerRequest(t *testing.T) {
	r := persistent.NewRead[string]("r").Share("v")
	w := persistent.NewWrite[int]("w").Share(persistent.NewLocked(0))
	s := persistent.NewState[int]("s").Share(persistent.NewRWLocked(0))
	req := iron.NewRequest("GET", "/", nil)
	allocs := testing.AllocsPerRun(100, func() {
		_ = r.Before(req)
		_ = w.Before(req)
		_ = s.Before(req)
	})
	assert.Zero(t, allocs)
}

// TestConcurrentRequestsOnRealServers runs many requests at once through a
// Write counter and a State map on each server; under -race any access
// outside the locks fails the test, and no increment may be lost.
func TestConcurrentRequestsOnRealServers(t *testing.T) {
	const clients, perClient = 16, 25
	for _, srv := range servetest.Both {
		t.Run(srv.Name, func(t *testing.T) {
			hits := persistent.NewWrite[int]("hits")
			seen := persistent.NewState[map[string]int]("seen")
			cfg := persistent.NewRead[string]("cfg")
			count := persistent.NewLocked(0)
			table := persistent.NewRWLocked(map[string]int{})
			c := chain.New(iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
				prefix, _ := cfg.Get(req)
				var n int
				if err := hits.Update(req, func(h *int) { *h++; n = *h }); err != nil {
					return nil, err
				}
				key := req.Query().Get("k")
				var before int
				if err := seen.View(req, func(m map[string]int) { before = m[key] }); err != nil {
					return nil, err
				}
				if err := seen.Update(req, func(m *map[string]int) { (*m)[key]++ }); err != nil {
					return nil, err
				}
				return iron.With(http.StatusOK, fmt.Sprintf("%s %d %d", prefix, n, before)), nil
			}))
			c.LinkBefore(cfg.Share("ok"), hits.Share(count), seen.Share(table))
			base := "http://" + srv.Start(t, c)
			client := &http.Client{Timeout: 10 * time.Second}
			defer client.CloseIdleConnections()

			var wg sync.WaitGroup
			errs := make(chan error, clients*perClient)
			for i := range clients {
				wg.Go(func() {
					for range perClient {
						res, err := client.Get(base + "/?k=" + strconv.Itoa(i%4))
						if err != nil {
							errs <- err
							return
						}
						body, err := io.ReadAll(res.Body)
						res.Body.Close()
						if err == nil && (res.StatusCode != http.StatusOK || string(body[:3]) != "ok ") {
							err = fmt.Errorf("status %d, body %q", res.StatusCode, body)
						}
						if err != nil {
							errs <- err
							return
						}
					}
				})
			}
			wg.Wait()
			close(errs)
			require.NoError(t, errors.Join(collect(errs)...))
			assert.Equal(t, clients*perClient, count.Load())
			total := 0
			for _, v := range table.Load() {
				total += v
			}
			assert.Equal(t, clients*perClient, total)
			assert.Len(t, table.Load(), 4)
		})
	}
}

func collect(errs <-chan error) []error {
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	return all
}
