package session

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/cookie"
)

// state is one request's session, loaded on first use.
type state struct {
	s   *Sessions
	rec record
	// stored: rec was loaded from the client's session, not made fresh.
	stored bool
	// sent: the client sent a session cookie, valid or not.
	sent bool
	// dirty: rec changed and must be saved.
	dirty bool
	// stale: the ID of the stored session that Renew or Destroy replaced,
	// to delete once the new one is saved.
	stale string
	// destroyed: Destroy was called; unless rec is saved again, the
	// cookie is expired.
	destroyed bool
	// done: committed; a second After (a nested chain) does nothing.
	done bool
}

// current is the plugin that loads the request's session on first use.
var current = iron.NewPlugin("session", func(req *iron.Request) (*state, error) {
	s, ok := iron.Get(req, linked)
	if !ok {
		return nil, ErrNotLinked
	}
	return s.load(req)
})

// load returns the request's session: the one its cookie names when that
// is valid, authentic and not expired, else a fresh one. Only a store
// that cannot answer is an error.
func (s *Sessions) load(req *iron.Request) (*state, error) {
	st := &state{s: s}
	now := time.Now()
	value, sent := cookie.Get(req, s.name)
	st.sent = sent
	if sent {
		rec, found, err := s.find(req, value)
		if err != nil {
			return nil, err
		}
		if found && now.Before(rec.expires(s.idle, s.maxAge)) {
			st.rec, st.stored = rec, true
			return st, nil
		}
	}
	st.rec = freshRecord(now)
	return st, nil
}

// find returns the session a cookie value names, and whether there is one.
func (s *Sessions) find(req *iron.Request, value string) (record, bool, error) {
	var data []byte
	if s.codec != nil {
		var err error
		if data, err = s.codec.Decode(s.name, value); err != nil {
			s.ignored(req, "cookie does not decode", err)
			return record{}, false, nil
		}
	} else {
		if !validID(value) {
			s.ignored(req, "not a session ID", nil)
			return record{}, false, nil
		}
		var err error
		if data, err = s.store.Load(req.Context(), value); err != nil {
			return record{}, false, s.storeFailed(req, "load", err)
		}
		if data == nil {
			return record{}, false, nil
		}
	}
	rec, ok := decodeRecord(data)
	if !ok || (s.store != nil && rec.ID != value) {
		s.logger.Log(req.PeekContext(), slog.LevelWarn, "session: saved session does not decode; starting a fresh one",
			"method", req.Method(), "path", req.EscapedPath())
		return record{}, false, nil
	}
	return rec, true, nil
}

// ignored logs, at Debug level, a session cookie that names no session: a
// tampered, truncated or expired one, or one made under a retired key.
func (s *Sessions) ignored(req *iron.Request, why string, err error) {
	ctx := req.PeekContext()
	if !s.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	s.logger.Log(ctx, slog.LevelDebug, "session: cookie ignored, starting a fresh session",
		"why", why, "error", err, "method", req.Method(), "path", req.EscapedPath())
}

// commit saves what the request did to its session and returns the cookie
// to set, or nil.
func (s *Sessions) commit(req *iron.Request) (*http.Cookie, error) {
	st, ok := iron.Get(req, current.Key())
	if !ok || st.s != s || st.done {
		return nil, nil // never used: nothing to do
	}
	now := time.Now()
	switch {
	case st.dirty:
	case st.stored && st.touchDue(now):
	case st.destroyed:
		if st.stale != "" {
			if err := s.remove(req, st.stale); err != nil {
				return nil, err
			}
		}
		st.done = true
		if !st.sent {
			return nil, nil
		}
		return s.cookie(req, "", -1), nil
	default:
		st.done = true
		return nil, nil
	}
	st.rec.Saved = now.Unix()
	ttl := st.rec.expires(s.idle, s.maxAge).Sub(now)
	if ttl < time.Second {
		// Its absolute timeout ended during this request: writing it
		// would keep it for nothing.
		st.destroyed, st.dirty = true, false
		if st.stored && st.stale == "" {
			st.stale = st.rec.ID
		}
		return s.commit(req)
	}
	data, err := json.Marshal(&st.rec)
	if err != nil { // values are JSON already: cannot happen
		return nil, fmt.Errorf("session: encoding the session: %w", err)
	}
	value, err := s.save(req, &st.rec, data, ttl)
	if err != nil {
		return nil, err
	}
	if st.stale != "" && st.stale != st.rec.ID {
		if err := s.remove(req, st.stale); err != nil {
			return nil, err
		}
	}
	st.done = true
	return s.cookie(req, value, int((ttl+time.Second-1)/time.Second)), nil
}

// touchDue reports whether an unchanged session should be written anyway,
// to push its idle deadline back: once an eighth of the idle timeout has
// passed since it was last written.
func (st *state) touchDue(now time.Time) bool {
	return now.Sub(time.Unix(st.rec.Saved, 0)) >= st.s.idle/8
}

// save writes rec and returns the cookie value that names it.
func (s *Sessions) save(req *iron.Request, rec *record, data []byte, ttl time.Duration) (string, error) {
	if s.codec != nil {
		value := s.codec.Encode(s.name, data, rec.expires(s.idle, s.maxAge))
		if n := len(s.name) + len(value); n > cookie.MaxSize {
			err := fmt.Errorf("session: the session cookie would be %d bytes, over the %d a browser keeps: keep less in the session, or keep sessions in a store: %w",
				n, cookie.MaxSize, cookie.ErrTooLarge)
			s.logger.Log(req.PeekContext(), slog.LevelError, "session: not saved", "method", req.Method(), "path", req.EscapedPath(), "error", err)
			return "", err
		}
		return value, nil
	}
	if err := s.store.Save(req.Context(), rec.ID, data, ttl); err != nil {
		return "", s.storeFailed(req, "save", err)
	}
	return rec.ID, nil
}

func (s *Sessions) remove(req *iron.Request, id string) error {
	if s.store == nil {
		return nil // a cookie session lives only in the cookie
	}
	if err := s.store.Delete(req.Context(), id); err != nil {
		return s.storeFailed(req, "delete", err)
	}
	return nil
}

// cookie returns the session cookie for value; maxAge < 0 deletes it.
func (s *Sessions) cookie(req *iron.Request, value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name: s.name, Value: value, Path: s.path, Domain: s.domain, MaxAge: maxAge,
		HttpOnly: true, Secure: s.sameSite == http.SameSiteNoneMode || s.secure(req), SameSite: s.sameSite,
	}
}
