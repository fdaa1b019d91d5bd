package session

import (
	"crypto/rand"
	"encoding/json"
	"time"
)

// record is a session as it is saved: in a store under its ID, or whole in
// the cookie. Values hold each key's value as the JSON Set encoded, so that
// a value is decoded only by a Get of its own key, into the key's type.
type record struct {
	ID string `json:"id"`
	// Created is when the session began (or was last renewed), Saved when
	// it was last written, in Unix seconds: the absolute and the idle
	// timeouts count from them.
	Created int64                      `json:"created"`
	Saved   int64                      `json:"saved"`
	Values  map[string]json.RawMessage `json:"values,omitempty"`
}

// idLength is the length of an ID made by rand.Text.
const idLength = 26

// newID returns a fresh session ID: 130 bits from crypto/rand.
func newID() string { return rand.Text() }

// validID reports whether id could have been made by newID, so that nothing
// else a client sends reaches a store.
func validID(id string) bool {
	if len(id) != idLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !('A' <= c && c <= 'Z' || '2' <= c && c <= '7') {
			return false
		}
	}
	return true
}

func freshRecord(now time.Time) record {
	return record{ID: newID(), Created: now.Unix()}
}

// decodeRecord parses saved session data, and reports false for anything
// that is not a whole, well-formed record.
func decodeRecord(data []byte) (record, bool) {
	var r record
	if err := json.Unmarshal(data, &r); err != nil || !validID(r.ID) || r.Created <= 0 || r.Saved < r.Created {
		return record{}, false
	}
	return r, true
}

// expires returns when the session ends: at the idle timeout after its last
// save, or at its maximum age, whichever comes first.
func (r *record) expires(idle, maxAge time.Duration) time.Time {
	byIdle := time.Unix(r.Saved, 0).Add(idle)
	byAge := time.Unix(r.Created, 0).Add(maxAge)
	if byIdle.Before(byAge) {
		return byIdle
	}
	return byAge
}
