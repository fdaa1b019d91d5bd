// Package irontest runs Iron handlers in memory, as a server would, for
// tests: the Go form of Rust Iron's iron-test. Build a request with
// [iron.NewRequest], run it with [Do], and read what a client would get.
//
//	res := irontest.Do(h, iron.NewRequest("GET", "/users/7", nil))
//	assert.Equal(t, 200, res.StatusCode())
//	assert.Equal(t, "user 7", irontest.Body(res))
package irontest

import (
	"net/http"
	"strings"

	"github.com/iron-go/iron"
)

// Do runs h with req and returns the response a server would send, never
// nil: an error becomes [iron.ErrorResponse] (the *iron.Error's answer, or a
// bare 500), and a nil response an empty 404. Unlike a server, Do does not
// recover a panic: the test sees it where it happened.
func Do(h iron.Handler, req *iron.Request) *iron.Response {
	res, err := h.Handle(req)
	if err != nil {
		if res != nil {
			_ = res.Body().Close()
		}
		return iron.ErrorResponse(err)
	}
	if res == nil {
		return &iron.Response{Status: http.StatusNotFound}
	}
	return res
}

// Body returns res's body as a string, writing it out as a server would (a
// stream runs, a file is read). A body that fails part way returns what was
// written before the failure.
func Body(res *iron.Response) string {
	if s, ok := res.Body().Text(); ok {
		return s
	}
	var b strings.Builder
	_, _ = res.Body().WriteTo(&b)
	return b.String()
}
