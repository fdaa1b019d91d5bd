package iron

import (
	"context"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestResetForgetsEverything dirties every field of a Request through its
// methods, then checks that a reset forgets them all but the storage it
// reuses. reset clears fields one by one (only those set, to save stores):
// a field added to Request must be added there, and here.
func TestResetForgetsEverything(t *testing.T) {
	const fields = 11
	require.Equal(t, fields, reflect.TypeFor[Request]().NumField(),
		"Request has a new field: clear it in reset, dirty it here, then update this count")
	var s Slot
	s.Reset(&Incoming{
		Method: "GET", Target: "/a%20b?x=1", Host: "h", Header: []HeaderField{{"A", "b"}},
		NewContext: func() context.Context { return context.Background() },
	})
	r := s.Request()
	key := NewKey[int]("k")
	Set(r, key, 1)
	r.Path()
	r.URL()
	r.Query()
	r.Header()
	r.Context()
	_ = Own(r, nil)
	v := reflect.ValueOf(r).Elem()
	for i := range fields {
		name := v.Type().Field(i).Name
		assert.False(t, v.Field(i).IsZero(), "the test leaves %s zero: dirty it", name)
	}

	s.Reset(nil)
	for i := range fields {
		switch name := v.Type().Field(i).Name; name {
		case "ext", "owned":
			// Storage kept for the next request, emptied.
		default:
			assert.True(t, v.Field(i).IsZero(), "reset left %s set", name)
		}
	}
	_, ok := Get(r, key)
	assert.False(t, ok, "extension values are cleared")
}
