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
//
// A key made per call of a constructor works too: the storage of a request
// holds only the keys it was given, never one slot per key ever made (see
// [Set]).
type Key[T any] struct {
	id   uint64
	name string
}

var lastKeyID atomic.Uint64

// NewKey returns a new key for values of type T. The name appears only in
// messages and String; it need not be unique.
func NewKey[T any](name string) *Key[T] {
	return &Key[T]{id: lastKeyID.Add(1), name: name}
}

// String returns the key's name and value type.
func (k *Key[T]) String() string {
	var zero T
	return fmt.Sprintf("iron.Key[%T](%q)", zero, k.name)
}

// Extensible is a value that carries typed extensions: *[Request] and
// *[Response]. It cannot be implemented outside this package.
type Extensible interface {
	// extensions returns e's storage; nil when e has none and create is
	// false, so that reading a shared response never writes it.
	extensions(create bool) *extensions
}

// Set stores v under k in the extensions of e, replacing any value stored
// before. The storage holds a cell for each key it has been given: setting a
// key that an earlier request on the same reused storage also used allocates
// nothing, and the cells a storage keeps from one request to the next are
// bounded (see the package doc).
func Set[T any](e Extensible, k *Key[T], v T) {
	if k == nil {
		panic("iron: nil extension key")
	}
	c := e.extensions(true).cell(k.id, newCell[T]).(*cell[T])
	c.value, c.set = v, true
}

// Get returns the value stored under k in the extensions of e, and whether
// there was one. It never changes e.
func Get[T any](e Extensible, k *Key[T]) (T, bool) {
	if x := e.extensions(false); x != nil {
		if c, ok := x.find(k.id).(*cell[T]); ok && c.set {
			return c.value, true
		}
	}
	var zero T
	return zero, false
}

// Delete removes the value stored under k in the extensions of e, if any.
func Delete[T any](e Extensible, k *Key[T]) {
	if x := e.extensions(false); x != nil {
		if c := x.find(k.id); c != nil {
			c.reset()
		}
	}
}

// Bounds of an extension storage. Lookups scan the cells while they are few
// (faster than hashing for the handful a request uses) and go through an
// index past that; past maxKeptCells, clear drops the cells the request just
// served did not use, so that a storage reused by requests that touch ever
// new keys (keys made per instance) does not grow with them.
const (
	scanCells    = 8
	maxKeptCells = 32
)

// extensions is a typed map from key ids to cells. A cell is kept from one
// request to the next, so that a reused Request sets values without
// allocating; clear zeroes the cells that were set, so nothing a finished
// request stored stays reachable.
type extensions struct {
	cells []keyedCell
	index map[uint64]int // position in cells by key id; kept in step once len(cells) > scanCells
}

type keyedCell struct {
	id uint64
	c  valueCell
}

// valueCell is the type-erased side of a cell[T].
type valueCell interface {
	reset()
	isSet() bool
	copyTo(x *extensions, id uint64)
}

type cell[T any] struct {
	value T
	set   bool
}

func newCell[T any]() valueCell { return new(cell[T]) }

func (c *cell[T]) reset() {
	var zero T
	c.value, c.set = zero, false
}

func (c *cell[T]) isSet() bool { return c.set }

func (c *cell[T]) copyTo(x *extensions, id uint64) {
	d := x.cell(id, newCell[T]).(*cell[T])
	d.value, d.set = c.value, true
}

// find returns the cell of id, set or not, or nil when x has none.
func (x *extensions) find(id uint64) valueCell {
	if x.index != nil && len(x.cells) > scanCells {
		if i, ok := x.index[id]; ok {
			return x.cells[i].c
		}
		return nil
	}
	for i := range x.cells {
		if x.cells[i].id == id {
			return x.cells[i].c
		}
	}
	return nil
}

// cell returns the cell of id, made by newCell when x has none yet.
func (x *extensions) cell(id uint64, newCell func() valueCell) valueCell {
	if c := x.find(id); c != nil {
		return c
	}
	c := newCell()
	x.cells = append(x.cells, keyedCell{id: id, c: c})
	switch n := len(x.cells); {
	case n == scanCells+1:
		x.reindex()
	case n > scanCells+1:
		x.index[id] = n - 1
	}
	return c
}

// reindex rebuilds the index from cells, reusing the map it had.
func (x *extensions) reindex() {
	if x.index == nil {
		x.index = make(map[uint64]int, 2*scanCells)
	}
	clear(x.index)
	for i, kc := range x.cells {
		x.index[kc.id] = i
	}
}

// copyTo sets every value of x in dst too.
func (x *extensions) copyTo(dst *extensions) {
	for _, kc := range x.cells {
		if kc.c.isSet() {
			kc.c.copyTo(dst, kc.id)
		}
	}
}

// clear removes every value, keeping the cells for the next request: all of
// them while they are at most maxKeptCells, else the ones this request set
// (up to that bound), so that the storage stays proportional to the keys its
// requests use.
func (x *extensions) clear() {
	if len(x.cells) <= maxKeptCells {
		for _, kc := range x.cells {
			if kc.c.isSet() {
				kc.c.reset()
			}
		}
		return
	}
	kept := 0
	for _, kc := range x.cells {
		if kc.c.isSet() && kept < maxKeptCells {
			kc.c.reset()
			x.cells[kept] = kc // kept <= i: no cell still to visit is overwritten
			kept++
		}
	}
	clear(x.cells[kept:])
	x.cells = x.cells[:kept]
	if cap(x.cells) > 4*maxKeptCells {
		x.cells = append([]keyedCell(nil), x.cells...)
	}
	if len(x.cells) > scanCells {
		x.reindex()
	} else {
		x.index = nil
	}
}
