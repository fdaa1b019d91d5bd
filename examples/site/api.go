package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/bodyparser"
	"github.com/iron-go/iron/ext/router"
	"github.com/iron-go/iron/ext/session"
)

// signedIn is the user a request of the API is made for, stored by
// requireUser for the handlers after it.
var signedIn = iron.NewKey[string]("site.user")

var errSignedOut = errors.New("site: not signed in")

// requireUser is the before middleware of the API routes that need a user:
// a signed-out request gets a 401 in JSON, as the rest of the API answers.
func requireUser(req *iron.Request) error {
	user, ok, err := session.Get(req, userKey)
	if err != nil {
		return err // the session store is down: its 503
	}
	if !ok {
		return iron.NewError(errSignedOut, http.StatusUnauthorized, iron.JSON, `{"error":"sign in first"}`)
	}
	iron.Set(req, signedIn, user)
	return nil
}

func userOf(req *iron.Request) string {
	user, _ := iron.Get(req, signedIn)
	return user
}

// me answers GET /api/me.
func (s *site) me(req *iron.Request) (*iron.Response, error) {
	return jsonAnswer(http.StatusOK, map[string]string{"username": userOf(req)})
}

// newNote is the body of POST /api/notes. bind tags are checked by
// bodyparser.Struct: "required" means the key must be there, so a priority
// of 0 given explicitly is accepted and a missing one is a 422 naming it.
type newNote struct {
	Text     string   `json:"text" bind:"required,nonempty"`
	Priority int      `json:"priority" bind:"required"`
	Tags     []string `json:"tags"`
}

// listNotes answers GET /api/notes.
func (s *site) listNotes(req *iron.Request) (*iron.Response, error) {
	notes, err := s.notes.List(req.Context(), userOf(req))
	if err != nil {
		return nil, storeDown(err)
	}
	if notes == nil {
		notes = []Note{} // [] rather than null
	}
	return jsonAnswer(http.StatusOK, notes)
}

// addNote answers POST /api/notes: 201 with the note and its Location.
func (s *site) addNote(req *iron.Request) (*iron.Response, error) {
	// 415 when the body is not JSON, 400 when it is malformed (with where),
	// 413 past the limit linked on the route, 422 naming each broken rule:
	// all of them JSON the client can act on.
	in, err := bodyparser.Struct[newNote](req)
	if err != nil {
		return nil, err
	}
	if in.Tags == nil {
		in.Tags = []string{}
	}
	n, err := s.notes.Add(req.Context(), userOf(req), Note{Text: in.Text, Priority: in.Priority, Tags: in.Tags})
	if err != nil {
		return nil, storeDown(err)
	}
	res, err := jsonAnswer(http.StatusCreated, n)
	if err != nil {
		return nil, err
	}
	res.SetHeader("Location", "/api/notes/"+strconv.FormatInt(n.ID, 10))
	return res, nil
}

// getNote answers GET /api/notes/:id. Another user's note is not found, as
// one that does not exist: the answer says nothing of other users.
func (s *site) getNote(req *iron.Request) (*iron.Response, error) {
	id, ok := noteID(req)
	if !ok {
		return nil, noSuchNote(req)
	}
	n, found, err := s.notes.Get(req.Context(), userOf(req), id)
	if err != nil {
		return nil, storeDown(err)
	}
	if !found {
		return nil, noSuchNote(req)
	}
	return jsonAnswer(http.StatusOK, n)
}

// deleteNote answers DELETE /api/notes/:id: 204, or 404 as getNote.
func (s *site) deleteNote(req *iron.Request) (*iron.Response, error) {
	id, ok := noteID(req)
	if !ok {
		return nil, noSuchNote(req)
	}
	removed, err := s.notes.Delete(req.Context(), userOf(req), id)
	if err != nil {
		return nil, storeDown(err)
	}
	if !removed {
		return nil, noSuchNote(req)
	}
	return iron.With(http.StatusNoContent), nil
}

func noteID(req *iron.Request) (int64, bool) {
	id, err := strconv.ParseInt(router.Param(req, "id"), 10, 64)
	return id, err == nil && id > 0
}

func noSuchNote(req *iron.Request) error {
	body, _ := json.Marshal(map[string]string{"error": "no note " + router.Param(req, "id")})
	return iron.NewError(iron.ErrNotFound, http.StatusNotFound, iron.JSON, body)
}

// storeDown is the answer when the notes store cannot answer (Redis down):
// a 503 that says to try again, never a success for a write that was not
// kept. The error, with the cause, is in the request's log line.
func storeDown(err error) error {
	return iron.NewError(fmt.Errorf("site: notes store: %w", err), http.StatusServiceUnavailable,
		iron.JSON, http.Header{"Retry-After": {"1"}}, `{"error":"the notes store is unavailable, try again later"}`)
}

func jsonAnswer(status int, v any) (*iron.Response, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return iron.With(status, iron.JSON, b), nil
}
