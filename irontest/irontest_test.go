package irontest_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/irontest"
)

func TestDoAnswersAsAServerWould(t *testing.T) {
	for _, tc := range []struct {
		name   string
		h      iron.HandlerFunc
		status int
		body   string
	}{
		{"response", func(*iron.Request) (*iron.Response, error) { return iron.With(201, "made"), nil }, 201, "made"},
		{"iron.Error", func(*iron.Request) (*iron.Response, error) { return nil, iron.Errorf(422, "bad field") }, 422, "bad field"},
		{"bare error leaks nothing", func(*iron.Request) (*iron.Response, error) { return nil, errors.New("db password wrong") }, 500, "Internal Server Error"},
		{"nil response", func(*iron.Request) (*iron.Response, error) { return nil, nil }, 404, ""},
		{"stream", func(*iron.Request) (*iron.Response, error) {
			return iron.With(200, func(w io.Writer) error { _, err := fmt.Fprint(w, "streamed"); return err }), nil
		}, 200, "streamed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := irontest.Do(tc.h, iron.NewRequest(http.MethodGet, "/", nil))
			assert.Equal(t, tc.status, res.StatusCode())
			assert.Equal(t, tc.body, irontest.Body(res))
		})
	}
}

func TestDoLetsAPanicThrough(t *testing.T) {
	h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { panic("boom") })
	assert.PanicsWithValue(t, "boom", func() { irontest.Do(h, iron.NewRequest("GET", "/", nil)) })
}

func Example() {
	hello := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "Hello, "+req.Query().Get("name")), nil
	})
	res := irontest.Do(hello, iron.NewRequest("GET", "/?name=Iron", nil))
	fmt.Println(res.StatusCode(), irontest.Body(res))
	// Output: 200 Hello, Iron
}
