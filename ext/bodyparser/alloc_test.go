package bodyparser_test

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/bodyparser"
)

// TestRawAllocations: on a request reused as servers reuse them, Raw
// allocates the body and a reader over it, nothing else.
func TestRawAllocations(t *testing.T) {
	body := bytes.NewReader(benchOrderBody)
	in := &iron.Incoming{
		Method: "POST", Target: "/", Proto: "HTTP/1.1", Host: "example.com",
		Header:        []iron.HeaderField{{Name: "Content-Length", Value: strconv.Itoa(len(benchOrderBody))}},
		ContentLength: int64(len(benchOrderBody)), Body: body,
	}
	slot := new(iron.Slot)
	req := slot.Request()
	settings := bodyparser.New()
	allocs := testing.AllocsPerRun(100, func() {
		body.Seek(0, 0)
		slot.Reset(in)
		_ = settings.Before(req)
		if _, err := bodyparser.Raw(req); err != nil {
			t.Fatal(err)
		}
	})
	assert.Equal(t, 2.0, allocs)
}
