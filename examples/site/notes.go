package main

import (
	"context"
	"slices"
	"sync"
)

// Note is one user's note, as the API sends it.
type Note struct {
	ID       int64    `json:"id"`
	Text     string   `json:"text"`
	Priority int      `json:"priority"`
	Tags     []string `json:"tags"` // never nil: an empty list is [] in JSON
}

// noteStore keeps every user's notes. Each method is bounded by its context;
// an error means the store could not answer (Redis down), never that a note
// does not exist. Implementations are safe for concurrent use.
type noteStore interface {
	// Add saves n, under a new ID unique across every instance of the
	// site, as one of user's notes, and returns it with that ID.
	Add(ctx context.Context, user string, n Note) (Note, error)
	// List returns user's notes, oldest first.
	List(ctx context.Context, user string) ([]Note, error)
	// Get returns user's note id, and false when user has no such note
	// (another user's note included).
	Get(ctx context.Context, user string, id int64) (Note, bool, error)
	// Delete removes user's note id, and reports whether there was one.
	Delete(ctx context.Context, user string, id int64) (bool, error)
}

// memNotes keeps notes in this process: for one instance, and for trying
// the site without Redis.
type memNotes struct {
	mu     sync.Mutex
	lastID int64
	notes  map[string][]Note // by user, oldest first
}

func newMemNotes() *memNotes { return &memNotes{notes: make(map[string][]Note)} }

func (m *memNotes) Add(_ context.Context, user string, n Note) (Note, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.lastID++
	n.ID = m.lastID
	m.notes[user] = append(m.notes[user], n)
	return n, nil
}

func (m *memNotes) List(_ context.Context, user string) ([]Note, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	// A copy: the caller encodes it after the lock is released.
	return slices.Clone(m.notes[user]), nil
}

func (m *memNotes) Get(_ context.Context, user string, id int64) (Note, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	i := slices.IndexFunc(m.notes[user], func(n Note) bool { return n.ID == id })
	if i < 0 {
		return Note{}, false, nil
	}
	return m.notes[user][i], true, nil
}

func (m *memNotes) Delete(_ context.Context, user string, id int64) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	before := len(m.notes[user])
	m.notes[user] = slices.DeleteFunc(m.notes[user], func(n Note) bool { return n.ID == id })
	return len(m.notes[user]) < before, nil
}
