package telemetry_test

import (
	"errors"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/router"
	"github.com/iron-go/iron/internal/telemetry"
	"github.com/iron-go/iron/irontest"
)

// TestStatusIsWhatServersSend checks Status against what irontest.Do,
// which answers as the servers do, sends for the same result.
func TestStatusIsWhatServersSend(t *testing.T) {
	for _, tc := range []struct {
		name string
		res  *iron.Response
		err  error
		want int
	}{
		{"response", iron.With(http.StatusCreated), nil, 201},
		{"zero status", &iron.Response{}, nil, 404},
		{"no response", nil, nil, 404},
		{"iron.Error", nil, iron.Errorf(http.StatusTeapot, "short"), 418},
		{"wrapped iron.Error", nil, errors.Join(errors.New("x"), iron.Errorf(http.StatusConflict, "c")), 409},
		{"iron.Error without response", nil, &iron.Error{Err: errors.New("x")}, 500},
		{"bare error", iron.With(200), errors.New("db down"), 500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, telemetry.Status(tc.res, tc.err))
			h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return tc.res, tc.err })
			assert.Equal(t, tc.want, irontest.Do(h, iron.NewRequest("GET", "/", nil)).StatusCode())
		})
	}
}

func TestRoute(t *testing.T) {
	r := router.New()
	var got string
	r.Get("/users/:id", func(req *iron.Request) (*iron.Response, error) {
		got = telemetry.Route(req)
		return iron.With(http.StatusOK), nil
	})
	irontest.Do(r, iron.NewRequest("GET", "/users/7", nil))
	assert.Equal(t, "/users/:id", got)
	assert.Empty(t, telemetry.Route(iron.NewRequest("GET", "/users/7", nil)), "no router ran")
}
