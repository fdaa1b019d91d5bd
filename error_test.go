package iron_test

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
)

func TestError(t *testing.T) {
	e := iron.NewError(fs.ErrNotExist, 404, "no such thing")
	assert.Equal(t, "file does not exist", e.Error())
	assert.ErrorIs(t, e, fs.ErrNotExist)
	assert.Equal(t, 404, e.Response.Status)
	assert.Equal(t, "no such thing", bodyOf(t, e.Response))

	wrapped := fmt.Errorf("loading: %w", e)
	var ie *iron.Error
	require.ErrorAs(t, wrapped, &ie)
	assert.Same(t, e, ie)

	f := iron.Errorf(400, "bad field %q: %w", "age", errors.ErrUnsupported)
	assert.ErrorIs(t, f, errors.ErrUnsupported)
	assert.Equal(t, 400, f.Response.Status)
	assert.Equal(t, `bad field "age": unsupported operation`, bodyOf(t, f.Response))

	bare := iron.NewError(nil, 409)
	assert.Equal(t, "Conflict", bare.Error())

	unset := iron.NewError(fs.ErrPermission, "denied")
	assert.Equal(t, 500, unset.Response.Status, "no status given means 500, not Iron's 404")
}

func TestErrorResponse(t *testing.T) {
	secret := errors.New("db password is hunter2")
	res := iron.ErrorResponse(secret)
	assert.Equal(t, 500, res.Status)
	assert.Equal(t, "Internal Server Error", bodyOf(t, res), "a bare error leaks nothing")

	res = iron.ErrorResponse(fmt.Errorf("ctx: %w", iron.NewError(secret, 403, "forbidden")))
	assert.Equal(t, 403, res.Status)
	assert.Equal(t, "forbidden", bodyOf(t, res))

	res = iron.ErrorResponse(&iron.Error{Err: secret})
	assert.Equal(t, 500, res.Status, "an Error without a response is a bare 500")
}
