package persistent

import (
	"fmt"
	"sync"

	"github.com/iron-go/iron"
)

// Locked is a value of type T guarded by a [sync.Mutex]: every access is
// exclusive. Make it with [NewLocked]; share it between requests with a
// [Write] slot. It is safe for concurrent use and must not be copied.
type Locked[T any] struct {
	mu sync.Mutex
	v  T
}

// NewLocked returns a Locked holding v.
func NewLocked[T any](v T) *Locked[T] { return &Locked[T]{v: v} }

// Update calls fn with a pointer to the value, holding the lock until fn
// returns. fn must not keep the pointer, nor call back into l.
func (l *Locked[T]) Update(fn func(v *T)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fn(&l.v)
}

// Load returns a copy of the value, taken under the lock. A value that holds
// a map, slice or pointer shares what they point to with the copy.
func (l *Locked[T]) Load() T {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.v
}

// RWLocked is a value of type T guarded by a [sync.RWMutex]: any number of
// readers at once, or one writer. Make it with [NewRWLocked]; share it
// between requests with a [State] slot. It is safe for concurrent use and
// must not be copied.
type RWLocked[T any] struct {
	mu sync.RWMutex
	v  T
}

// NewRWLocked returns an RWLocked holding v.
func NewRWLocked[T any](v T) *RWLocked[T] { return &RWLocked[T]{v: v} }

// View calls fn with the value under the read lock, which other readers
// share. fn must not change the value (nor what its maps, slices or
// pointers refer to), keep it after returning, or call back into l.
func (l *RWLocked[T]) View(fn func(v T)) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	fn(l.v)
}

// Update calls fn with a pointer to the value under the write lock. fn must
// not keep the pointer, nor call back into l.
func (l *RWLocked[T]) Update(fn func(v *T)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fn(&l.v)
}

// Load returns a copy of the value, taken under the read lock. A value that
// holds a map, slice or pointer shares what they point to with the copy.
func (l *RWLocked[T]) Load() T {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.v
}

// Write is a slot for a value shared by all requests behind a mutex (see
// the package doc). Declare it once, at package level, with [NewWrite]. It
// is safe for concurrent use.
type Write[T any] struct {
	key *iron.Key[*Locked[T]]
}

// NewWrite returns a slot for a mutex-guarded value of type T. The name
// appears in messages only.
func NewWrite[T any](name string) *Write[T] {
	return &Write[T]{key: iron.NewKey[*Locked[T]](name)}
}

// Share returns a before middleware that gives every request it runs for
// the locked value l. It panics on a nil l.
func (w *Write[T]) Share(l *Locked[T]) iron.BeforeMiddleware {
	if l == nil {
		panic(fmt.Errorf("persistent: Write.Share(nil) for %v", w.key))
	}
	return share[*Locked[T]]{key: w.key, value: l}
}

// Get returns the locked value that the middleware of [Write.Share] gave
// req, and whether there was one.
func (w *Write[T]) Get(req *iron.Request) (*Locked[T], bool) {
	return iron.Get(req, w.key)
}

// Update calls fn with a pointer to req's shared value under its lock (see
// [Locked.Update]), or returns an error wrapping [ErrNotLinked].
func (w *Write[T]) Update(req *iron.Request, fn func(v *T)) error {
	l, ok := iron.Get(req, w.key)
	if !ok {
		return notLinked(w.key)
	}
	l.Update(fn)
	return nil
}

// String returns the slot's name.
func (w *Write[T]) String() string { return w.key.String() }

// State is a slot for a value shared by all requests behind a read-write
// lock (see the package doc). Declare it once, at package level, with
// [NewState]. It is safe for concurrent use.
type State[T any] struct {
	key *iron.Key[*RWLocked[T]]
}

// NewState returns a slot for a read-write-locked value of type T. The name
// appears in messages only.
func NewState[T any](name string) *State[T] {
	return &State[T]{key: iron.NewKey[*RWLocked[T]](name)}
}

// Share returns a before middleware that gives every request it runs for
// the locked value l. It panics on a nil l.
func (s *State[T]) Share(l *RWLocked[T]) iron.BeforeMiddleware {
	if l == nil {
		panic(fmt.Errorf("persistent: State.Share(nil) for %v", s.key))
	}
	return share[*RWLocked[T]]{key: s.key, value: l}
}

// Get returns the locked value that the middleware of [State.Share] gave
// req, and whether there was one.
func (s *State[T]) Get(req *iron.Request) (*RWLocked[T], bool) {
	return iron.Get(req, s.key)
}

// View calls fn with req's shared value under the read lock (see
// [RWLocked.View]), or returns an error wrapping [ErrNotLinked].
func (s *State[T]) View(req *iron.Request, fn func(v T)) error {
	l, ok := iron.Get(req, s.key)
	if !ok {
		return notLinked(s.key)
	}
	l.View(fn)
	return nil
}

// Update calls fn with a pointer to req's shared value under the write lock
// (see [RWLocked.Update]), or returns an error wrapping [ErrNotLinked].
func (s *State[T]) Update(req *iron.Request, fn func(v *T)) error {
	l, ok := iron.Get(req, s.key)
	if !ok {
		return notLinked(s.key)
	}
	l.Update(fn)
	return nil
}

// String returns the slot's name.
func (s *State[T]) String() string { return s.key.String() }
