package persistent

import (
	"errors"
	"fmt"

	"github.com/iron-go/iron"
)

// ErrNotLinked is wrapped by the error a [State] or [Write] slot returns for
// a request whose chain linked no middleware of that slot: a programming
// error, answered with a 500.
var ErrNotLinked = errors.New("persistent: no value linked into the chain for this slot")

// Read is a slot for a value shared read-only by all requests (see the
// package doc). Declare it once, at package level, with [NewRead]. It is safe
// for concurrent use.
type Read[T any] struct {
	key *iron.Key[T]
}

// NewRead returns a slot for a read-only value of type T. The name appears
// in messages only.
func NewRead[T any](name string) *Read[T] {
	return &Read[T]{key: iron.NewKey[T](name)}
}

// Share returns a before middleware that gives every request it runs for
// the value v. Storing v in a request allocates nothing.
func (r *Read[T]) Share(v T) iron.BeforeMiddleware {
	return share[T]{key: r.key, value: v}
}

// Get returns the value that the middleware of [Read.Share] gave req, and
// whether there was one.
func (r *Read[T]) Get(req *iron.Request) (T, bool) {
	return iron.Get(req, r.key)
}

// String returns the slot's name.
func (r *Read[T]) String() string { return r.key.String() }

// share is the before middleware of every kind of slot: it stores one value
// (for State and Write, a pointer to the locked value) under one key.
type share[T any] struct {
	key   *iron.Key[T]
	value T
}

// Before stores the shared value in req.
func (s share[T]) Before(req *iron.Request) error {
	iron.Set(req, s.key, s.value)
	return nil
}

// notLinked is the error of a slot whose middleware did not run.
func notLinked(key fmt.Stringer) error {
	return fmt.Errorf("%w: %v", ErrNotLinked, key)
}
