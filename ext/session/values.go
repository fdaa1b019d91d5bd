package session

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"

	"github.com/iron-go/iron"
)

// Key names a value of type T in sessions. Unlike an [iron.Key], its name
// is what the value is saved under, so it must be unique in the program
// and stay the same across releases (rename a key and sessions lose that
// value). Declare keys once, at package level:
//
//	var userKey = session.NewKey[string]("user")
type Key[T any] struct{ name string }

var (
	namesMu sync.Mutex
	names   = map[string]bool{}
)

// NewKey returns the key for values of type T saved under name. It panics
// when name is empty or another key already has it.
func NewKey[T any](name string) *Key[T] {
	if name == "" {
		panic(errors.New("session: NewKey: empty name"))
	}
	namesMu.Lock()
	defer namesMu.Unlock()
	if names[name] {
		panic(fmt.Errorf("session: NewKey(%q): another key has this name", name))
	}
	names[name] = true
	return &Key[T]{name: name}
}

// Name returns the name the key's values are saved under.
func (k *Key[T]) Name() string { return k.name }

// String returns the key's name and value type.
func (k *Key[T]) String() string {
	var zero T
	return fmt.Sprintf("session.Key[%T](%q)", zero, k.name)
}

// Get returns the value saved under k in the request's session, and whether
// there is one. The first use of the session in a request loads it; the
// error is that of a store that could not answer (an [*iron.Error] with
// status 503 wrapping [ErrStore]: return it) or [ErrNotLinked]. A value
// that no longer decodes into T (its type changed between releases) is
// reported absent, and logged at Warn level.
func Get[T any](req *iron.Request, k *Key[T]) (T, bool, error) {
	var v T
	st, err := iron.Compute(req, current)
	if err != nil {
		return v, false, err
	}
	raw, ok := st.rec.Values[k.name]
	if !ok {
		return v, false, nil
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		st.s.logger.Log(req.PeekContext(), slog.LevelWarn, "session: saved value does not decode; treated as absent",
			"key", k.name, "type", fmt.Sprintf("%T", v), "error", err)
		var zero T
		return zero, false, nil
	}
	return v, true, nil
}

// Set saves v under k in the request's session, encoded with encoding/json
// now (so later changes to v are not saved unless v is Set again). The
// session is written once the handler has answered, and only when
// something changed: setting the value it already has changes nothing. The
// error is one of Get's, or one wrapping [ErrNotEncoded].
func Set[T any](req *iron.Request, k *Key[T], v T) error {
	st, err := iron.Compute(req, current)
	if err != nil {
		return err
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrNotEncoded, k, err)
	}
	if old, ok := st.rec.Values[k.name]; ok && bytes.Equal(old, raw) {
		return nil
	}
	if st.rec.Values == nil {
		st.rec.Values = make(map[string]json.RawMessage)
	}
	st.rec.Values[k.name] = raw
	st.dirty = true
	return nil
}

// Delete removes the value saved under k from the request's session, if
// there is one. The error is one of Get's.
func Delete[T any](req *iron.Request, k *Key[T]) error {
	st, err := iron.Compute(req, current)
	if err != nil {
		return err
	}
	if _, ok := st.rec.Values[k.name]; ok {
		delete(st.rec.Values, k.name)
		st.dirty = true
	}
	return nil
}
