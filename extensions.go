package iron

import (
	"fmt"
	"sync/atomic"
)

// Key names a typed value in the extensions of a [Request] or a [Response].
// Keys are compared by identity: two keys made by separate [NewKey] calls
// never collide, whatever their names. Declare keys once, at package level:
//
//	var started = iron.NewKey[time.Time]("responsetime.started")
type Key[T any] struct {
	id   int
	name string
}

var lastKeyID atomic.Int64

// NewKey returns a new key for values of type T. The name appears only in
// messages and String; it need not be unique.
func NewKey[T any](name string) *Key[T] {
	return &Key[T]{id: int(lastKeyID.Add(1)), name: name}
}

// String returns the key's name and value type.
func (k *Key[T]) String() string {
	var zero T
	return fmt.Sprintf("iron.Key[%T](%q)", zero, k.name)
}

// Extensible is a value that carries typed extensions: *[Request] and
// *[Response]. It cannot be implemented outside this package.
type Extensible interface {
	extensions() *extensions
}

// Set stores v under k in the extensions of e, replacing any value stored
// before. Setting a key that an earlier request on the same reused storage
// also used allocates nothing.
func Set[T any](e Extensible, k *Key[T], v T) {
	c := cellFor(e.extensions(), k)
	c.value = v
}

// Get returns the value stored under k in the extensions of e, and whether
// there was one.
func Get[T any](e Extensible, k *Key[T]) (T, bool) {
	x := e.extensions()
	if k.id < len(x.cells) {
		if c, ok := x.cells[k.id].(*cell[T]); ok && c.set {
			return c.value, true
		}
	}
	var zero T
	return zero, false
}

// Delete removes the value stored under k in the extensions of e, if any.
func Delete[T any](e Extensible, k *Key[T]) {
	x := e.extensions()
	if k.id >= len(x.cells) {
		return
	}
	if c, ok := x.cells[k.id].(*cell[T]); ok && c.set {
		c.reset()
		for i, id := range x.used {
			if id == k.id {
				x.used = append(x.used[:i], x.used[i+1:]...)
				break
			}
		}
	}
}

// extensions is a typed map indexed by key id. Each slot keeps its typed cell
// for the life of the storage, so a reused Request sets values without
// allocating; clear zeroes the cells that were used, so nothing a finished
// request stored stays reachable.
type extensions struct {
	cells []resettable
	used  []int
}

type resettable interface {
	reset()
	isSet() bool
	markSet()
	copyTo(x *extensions, id int)
}

type cell[T any] struct {
	value T
	set   bool
}

func (c *cell[T]) reset() {
	var zero T
	c.value, c.set = zero, false
}

func (c *cell[T]) isSet() bool { return c.set }

func (c *cell[T]) markSet() { c.set = true }

func (c *cell[T]) copyTo(x *extensions, id int) {
	x.cell(id, newCell[T]).(*cell[T]).value = c.value
}

func newCell[T any]() resettable { return new(cell[T]) }

func cellFor[T any](x *extensions, k *Key[T]) *cell[T] {
	if k == nil {
		panic("iron: nil extension key")
	}
	return x.cell(k.id, newCell[T]).(*cell[T])
}

// cell returns the cell at id, made by newCell if the slot is empty, marked
// as set.
func (x *extensions) cell(id int, newCell func() resettable) resettable {
	if id >= len(x.cells) {
		grown := make([]resettable, id+1, id+1+id/2)
		copy(grown, x.cells)
		x.cells = grown[:cap(grown)]
	}
	c := x.cells[id]
	if c == nil {
		c = newCell()
		x.cells[id] = c
	}
	if !c.isSet() {
		c.markSet()
		x.used = append(x.used, id)
	}
	return c
}

// copyTo sets every value of x in dst too.
func (x *extensions) copyTo(dst *extensions) {
	for _, id := range x.used {
		x.cells[id].copyTo(dst, id)
	}
}

// clear removes every value, keeping the storage for the next request.
func (x *extensions) clear() {
	for _, id := range x.used {
		x.cells[id].reset()
	}
	x.used = x.used[:0]
}
