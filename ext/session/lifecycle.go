package session

import (
	"time"

	"github.com/iron-go/iron"
)

// Renew gives the request's session a new ID and restarts its absolute
// timeout, keeping its values: call it when a user signs in (or gains any
// privilege), so that an ID someone learnt or planted before is worthless
// after (session fixation). The old session is deleted from the store once
// the new one is saved. The error is one of [Get]'s.
func Renew(req *iron.Request) error {
	st, err := iron.Compute(req, current)
	if err != nil {
		return err
	}
	st.retire()
	st.rec.ID = newID()
	st.rec.Created = time.Now().Unix()
	st.dirty = true
	return nil
}

// Destroy ends the request's session: once the handler has answered, it is
// deleted from the store and the client is sent an expired cookie. Call it
// when a user signs out. The rest of the request sees a fresh, empty
// session; setting a value in it (a "signed out" notice) saves that one
// instead, under a new ID. The error is one of [Get]'s.
func Destroy(req *iron.Request) error {
	st, err := iron.Compute(req, current)
	if err != nil {
		return err
	}
	st.retire()
	st.rec = freshRecord(time.Now())
	st.stored, st.dirty, st.destroyed = false, false, true
	return nil
}

// ID returns the ID of the request's session (a fresh session has one from
// the start, saved with it). Other middleware binds its own data to it, as
// package csrf binds its token, so that [Renew] invalidates that data
// too. The ID is a credential as good as the user's password while the
// session lasts: never log it, never send it anywhere but in the cookie.
// The error is one of [Get]'s.
func ID(req *iron.Request) (string, error) {
	st, err := iron.Compute(req, current)
	if err != nil {
		return "", err
	}
	return st.rec.ID, nil
}

// retire marks the stored session for deletion once the next one is
// saved: only the first time, since later IDs were never stored.
func (st *state) retire() {
	if st.stored && st.stale == "" {
		st.stale = st.rec.ID
	}
}
