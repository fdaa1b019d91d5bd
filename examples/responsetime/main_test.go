package main

import (
	"bytes"
	"log"
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
	ok := iron.Respond(c, iron.NewRequest("GET", "/", nil), nil)
	assert.Equal(t, 200, ok.StatusCode())
	assert.Regexp(t, `Request took: \S+ \(200\)`, logs.String())

	logs.Reset()
	failed := iron.Respond(c, iron.NewRequest("GET", "/fail", nil), nil)
	assert.Equal(t, 500, failed.StatusCode())
	assert.Regexp(t, `Request took: \S+ \(500, failed: backend down\)`, logs.String(), "failed requests are timed too")
}
