package engine_test

import (
	"io"
	"net/http"

	"github.com/iron-go/iron"
)

// echoBody answers with the request body; a body the engine refuses to read
// turns into its error's response. Targets go to rec, when given.
func echoBody(rec *recorder) iron.HandlerFunc {
	return func(req *iron.Request) (*iron.Response, error) {
		if rec != nil {
			rec.seen <- req.RequestURI()
		}
		b, err := io.ReadAll(req.Body())
		if err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, b), nil
	}
}
