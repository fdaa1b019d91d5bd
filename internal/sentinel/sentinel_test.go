package sentinel_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/sentinel"
)

func TestWrap(t *testing.T) {
	errA := sentinel.Wrap("a: not found", iron.ErrNotFound)
	errB := sentinel.Wrap("b: not found", iron.ErrNotFound)
	err := fmt.Errorf("%w: %q", errA, "/x")

	assert.Equal(t, "a: not found", errA.Error())
	assert.ErrorIs(t, err, errA)
	assert.ErrorIs(t, err, iron.ErrNotFound)
	assert.NotErrorIs(t, err, errB, "two sentinels wrapping one core error stay apart")
	assert.NotErrorIs(t, err, iron.ErrBodyTooLarge)
	assert.NotErrorIs(t, iron.ErrNotFound, errA, "the core error is not the package's")
}

func ExampleWrap() {
	errNoRoute := sentinel.Wrap("router: no route matches the path", iron.ErrNotFound)
	err := fmt.Errorf("%w: %q", errNoRoute, "/nowhere")
	fmt.Println(err, errors.Is(err, iron.ErrNotFound))
	// Output: router: no route matches the path: "/nowhere" true
}
