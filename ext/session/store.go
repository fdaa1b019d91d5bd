package session

import (
	"context"
	"time"
)

// Store keeps sessions on the server side, under their ID, for [New]: the
// client's cookie then holds only the ID. Package memstore keeps them in
// the process, package redisstore in Redis, so that every instance of a
// site sees every session; any other (a SQL table, say) implements these
// three methods.
//
// The middleware calls a Store from many requests at once, so it must be
// safe for concurrent use. IDs are 26 characters of base32 from
// [crypto/rand.Text] (130 random bits), checked before they reach the
// store: a client cannot make the middleware look up anything else.
type Store interface {
	// Load returns the data saved under id, or nil and a nil error when
	// there is none (never saved, expired, or deleted). An error means the
	// store could not answer: the request fails with 503. The caller only
	// reads the data.
	Load(ctx context.Context, id string) ([]byte, error)
	// Save saves data under id for ttl (at least a second), replacing what
	// was there. It must not keep data after it returns: the caller may
	// reuse it.
	Save(ctx context.Context, id string, data []byte, ttl time.Duration) error
	// Delete removes what is saved under id; deleting nothing is no error.
	Delete(ctx context.Context, id string) error
}
