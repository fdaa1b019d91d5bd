package main

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// redisNotes keeps notes in Redis, so that every instance of the site sees
// every note: one hash per user ("site:notes:alice"), its fields the note
// IDs and its values the notes in JSON, and one counter that INCR turns into
// IDs unique across instances.
type redisNotes struct {
	rdb redis.Cmdable
}

const (
	notesKeyPrefix = "site:notes:"
	noteIDKey      = "site:note-id"
	// redisTimeout bounds each Redis call, so that a Redis that stopped
	// answering fails a request in a second rather than holding it.
	redisTimeout = time.Second
)

func (r redisNotes) Add(ctx context.Context, user string, n Note) (Note, error) {
	ctx, cancel := context.WithTimeout(ctx, redisTimeout)
	defer cancel()
	id, err := r.rdb.Incr(ctx, noteIDKey).Result()
	if err != nil {
		return Note{}, fmt.Errorf("notes: new ID: %w", err)
	}
	n.ID = id
	data, err := json.Marshal(n)
	if err != nil {
		return Note{}, err
	}
	// The note is reported added only once HSET has answered: a Redis that
	// fails here fails the request, and the client knows nothing was kept.
	if err := r.rdb.HSet(ctx, notesKeyPrefix+user, strconv.FormatInt(id, 10), data).Err(); err != nil {
		return Note{}, fmt.Errorf("notes: save: %w", err)
	}
	return n, nil
}

func (r redisNotes) List(ctx context.Context, user string) ([]Note, error) {
	ctx, cancel := context.WithTimeout(ctx, redisTimeout)
	defer cancel()
	all, err := r.rdb.HGetAll(ctx, notesKeyPrefix+user).Result()
	if err != nil {
		return nil, fmt.Errorf("notes: list: %w", err)
	}
	notes := make([]Note, 0, len(all))
	for _, data := range all {
		var n Note
		if err := json.Unmarshal([]byte(data), &n); err != nil {
			return nil, fmt.Errorf("notes: list: %w", err)
		}
		notes = append(notes, n)
	}
	// A hash has no order; IDs grow with time.
	slices.SortFunc(notes, func(a, b Note) int { return cmp.Compare(a.ID, b.ID) })
	return notes, nil
}

func (r redisNotes) Get(ctx context.Context, user string, id int64) (Note, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, redisTimeout)
	defer cancel()
	data, err := r.rdb.HGet(ctx, notesKeyPrefix+user, strconv.FormatInt(id, 10)).Bytes()
	if errors.Is(err, redis.Nil) {
		return Note{}, false, nil
	}
	if err != nil {
		return Note{}, false, fmt.Errorf("notes: get: %w", err)
	}
	var n Note
	if err := json.Unmarshal(data, &n); err != nil {
		return Note{}, false, fmt.Errorf("notes: get: %w", err)
	}
	return n, true, nil
}

func (r redisNotes) Delete(ctx context.Context, user string, id int64) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, redisTimeout)
	defer cancel()
	removed, err := r.rdb.HDel(ctx, notesKeyPrefix+user, strconv.FormatInt(id, 10)).Result()
	if err != nil {
		return false, fmt.Errorf("notes: delete: %w", err)
	}
	return removed > 0, nil
}
