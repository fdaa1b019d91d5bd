package main

import (
	"bytes"
	"log"
	"net/http"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/iron-go/iron"
)

func TestTimesEveryRequest(t *testing.T) {
	var logs bytes.Buffer
	log.SetOutput(&logs)
	defer log.SetOutput(os.Stderr)

	c := app()
	ok := respond(c, iron.NewRequest("GET", "/", nil))
	assert.Equal(t, 200, ok.StatusCode())
	assert.Regexp(t, `Request took: \S+ \(200\)`, logs.String())

	logs.Reset()
	failed := respond(c, iron.NewRequest("GET", "/fail", nil))
	assert.Equal(t, 500, failed.StatusCode())
	assert.Regexp(t, `Request took: \S+ \(500, failed: backend down\)`, logs.String(), "failed requests are timed too")
}

// respond runs h for req and returns what a server sends for it: the
// response of an error, an empty 404 for no response.
func respond(h iron.Handler, req *iron.Request) *iron.Response {
	res, err := h.Handle(req)
	switch {
	case err != nil:
		return iron.ErrorResponse(err)
	case res == nil:
		return iron.With(http.StatusNotFound)
	}
	return res
}
