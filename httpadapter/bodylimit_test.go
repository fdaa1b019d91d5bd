package httpadapter_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/httpadapter"
)

// A handler under Handler sees a body over the limit as the engine's
// handlers do: an error that wraps iron.ErrBodyTooLarge (and net/http's
// *http.MaxBytesError), which answers 413 when returned as it is.
func TestBodyLimitErrorIsTheCoreOne(t *testing.T) {
	inspect := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		_, err := io.ReadAll(req.Body())
		_, isMax := errors.AsType[*http.MaxBytesError](err)
		_, isIron := errors.AsType[*iron.Error](err)
		if req.Path() == "/return" {
			return nil, err
		}
		return iron.With(http.StatusOK, fmt.Sprintf("core=%t maxbytes=%t ironerror=%t",
			errors.Is(err, iron.ErrBodyTooLarge), isMax, isIron)), nil
	})
	base, client := serve(t, httpadapter.Handler(inspect, httpadapter.MaxBodyBytes(16), httpadapter.Logger(quiet)))
	over := strings.Repeat("x", 17)
	for _, tc := range []struct {
		name, path string
		body       io.Reader
		status     int
		want       string
	}{
		{"declared over the limit", "/inspect", strings.NewReader(over), 200, "core=true maxbytes=true ironerror=true"},
		{"streamed over the limit", "/inspect", io.MultiReader(strings.NewReader(over)), 200, "core=true maxbytes=true ironerror=true"},
		{"under the limit", "/inspect", strings.NewReader("small"), 200, "core=false maxbytes=false ironerror=false"},
		{"returned as it is", "/return", io.MultiReader(strings.NewReader(over)), 413, "Request Entity Too Large"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := do(t, client, newRequest(t, "POST", base+tc.path, tc.body))
			assert.Equal(t, tc.status, res.StatusCode)
			assert.Equal(t, tc.want, body)
		})
	}
}
