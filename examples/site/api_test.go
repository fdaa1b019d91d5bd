package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fieldErrors is the shape of bodyparser's 422.
type fieldErrors struct {
	Error  string `json:"error"`
	Fields []struct {
		Path, Rule string
	} `json:"fields"`
}

func testAPI(t *testing.T, s *instance) {
	alice, bob, anon := newClient(t, s.base), newClient(t, s.base), newClient(t, s.base)
	alice.signIn("alice", "wonderland")
	bob.signIn("bob", "builder")

	t.Run("me", func(t *testing.T) {
		a := alice.get("/api/me")
		assert.Equal(t, http.StatusOK, a.StatusCode)
		assert.Equal(t, "application/json", a.Header.Get("Content-Type"))
		assert.Equal(t, `{"username":"alice"}`, a.body)
		a = anon.get("/api/me")
		assert.Equal(t, http.StatusUnauthorized, a.StatusCode)
		assert.Equal(t, "application/json", a.Header.Get("Content-Type"))
		assert.JSONEq(t, `{"error":"sign in first"}`, a.body)
	})

	a := bob.get("/api/notes")
	require.Equal(t, http.StatusOK, a.StatusCode)
	assert.Equal(t, "[]", a.body, "no notes yet: an empty array, not null")
	before := decode[[]Note](t, alice.get("/api/notes")) // alice's from other tests

	var first, second Note
	t.Run("add", func(t *testing.T) {
		a := alice.postJSON("/api/notes", `{"text":"buy milk","priority":0}`)
		require.Equal(t, http.StatusCreated, a.StatusCode, a.body)
		assert.Equal(t, "application/json", a.Header.Get("Content-Type"))
		first = decode[Note](t, a)
		assert.Positive(t, first.ID)
		assert.Equal(t, Note{ID: first.ID, Text: "buy milk", Priority: 0, Tags: []string{}}, first, "priority 0 is accepted")
		assert.Equal(t, "/api/notes/"+strconv.FormatInt(first.ID, 10), a.Header.Get("Location"))
		assert.JSONEq(t, `{"id":`+strconv.FormatInt(first.ID, 10)+`,"text":"buy milk","priority":0,"tags":[]}`, a.body)

		a = alice.postJSON("/api/notes", `{"text":"call bob","priority":2,"tags":["work","phone"]}`,
			"Sec-Fetch-Site", "same-origin", "Origin", s.base) // as the page's script sends it
		require.Equal(t, http.StatusCreated, a.StatusCode, a.body)
		second = decode[Note](t, a)
		assert.Equal(t, []string{"work", "phone"}, second.Tags)
		assert.Greater(t, second.ID, first.ID)
	})

	t.Run("bad bodies", func(t *testing.T) {
		big := `{"text":"` + strings.Repeat("a", 64<<10) + `","priority":1}`
		exact := `{"priority":1,"text":"` + strings.Repeat("b", maxNoteBytes-len(`{"priority":1,"text":""}`)) + `"}`
		require.Len(t, exact, maxNoteBytes)
		for _, tc := range []struct {
			name   string
			c      *client
			body   string
			header []string
			status int
			field  string // for a 422, the field named
			want   string // in the body
		}{
			{"missing priority", alice, `{"text":"x"}`, nil, 422, "priority", "priority is required"},
			{"missing text", alice, `{"priority":1}`, nil, 422, "text", "text is required"},
			{"empty text", alice, `{"text":"","priority":1}`, nil, 422, "text", "text"},
			{"null priority", alice, `{"text":"x","priority":null}`, nil, 422, "priority", "priority"},
			{"malformed", alice, `{"text":`, nil, 400, "", `"offset"`},
			{"wrong type", alice, `{"text":"x","priority":"high"}`, nil, 400, "", `"path":"priority"`},
			{"over 64 KiB", alice, big, nil, 413, "", `"limit":65536`},
			{"not JSON", alice, `text=x&priority=1`, []string{"Content-Type", "application/x-www-form-urlencoded"}, 415, "", "application/json"},
			{"signed out", anon, `{"text":"x","priority":1}`, nil, 401, "", "sign in first"},
			{"cross-site", alice, `{"text":"x","priority":1}`, []string{"Sec-Fetch-Site", "cross-site"}, 403, "", "cross-origin"},
			{"same-site", alice, `{"text":"x","priority":1}`, []string{"Sec-Fetch-Site", "same-site"}, 403, "", "cross-origin"},
			{"foreign Origin", alice, `{"text":"x","priority":1}`, []string{"Origin", "http://evil.example"}, 403, "", "cross-origin"},
			{"cross-site and signed out", anon, `{"text":"x","priority":1}`, []string{"Sec-Fetch-Site", "cross-site"}, 403, "", "cross-origin"},
			{"exactly 64 KiB", alice, exact, nil, 201, "", `"priority":1`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				a := tc.c.postJSON("/api/notes", tc.body, tc.header...)
				assert.Equal(t, tc.status, a.StatusCode, a.body)
				assert.Contains(t, a.body, tc.want)
				if tc.status != http.StatusForbidden {
					assert.Equal(t, "application/json", a.Header.Get("Content-Type"))
				}
				if tc.field != "" {
					fe := decode[fieldErrors](t, a)
					require.Len(t, fe.Fields, 1, a.body)
					assert.Equal(t, tc.field, fe.Fields[0].Path)
				}
				if tc.status == http.StatusCreated {
					// Not kept for the listing below.
					n := decode[Note](t, a)
					require.Equal(t, http.StatusNoContent, alice.do(http.MethodDelete, "/api/notes/"+strconv.FormatInt(n.ID, 10), nil).StatusCode)
				}
			})
		}
	})

	t.Run("list", func(t *testing.T) {
		a := alice.get("/api/notes")
		require.Equal(t, http.StatusOK, a.StatusCode)
		assert.Equal(t, "application/json", a.Header.Get("Content-Type"))
		assert.Equal(t, append(before, first, second), decode[[]Note](t, a), "the user's notes, oldest first, nothing refused among them")
		assert.Equal(t, "[]", bob.get("/api/notes").body, "bob sees none of alice's")
		assert.Equal(t, http.StatusUnauthorized, anon.get("/api/notes").StatusCode)
	})

	t.Run("one note", func(t *testing.T) {
		path := "/api/notes/" + strconv.FormatInt(first.ID, 10)
		a := alice.get(path)
		require.Equal(t, http.StatusOK, a.StatusCode)
		assert.Equal(t, first, decode[Note](t, a))

		for _, tc := range []struct {
			name   string
			c      *client
			method string
			path   string
			status int
		}{
			{"another user's", bob, http.MethodGet, path, 404},
			{"delete another user's", bob, http.MethodDelete, path, 404},
			{"signed out", anon, http.MethodGet, path, 401},
			{"no such note", alice, http.MethodGet, "/api/notes/999999", 404},
			{"not an ID", alice, http.MethodGet, "/api/notes/abc", 404},
			{"zero", alice, http.MethodGet, "/api/notes/0", 404},
			{"delete cross-site", alice, http.MethodDelete, path, 403},
		} {
			var header []string
			if tc.status == http.StatusForbidden {
				header = []string{"Sec-Fetch-Site", "cross-site"}
			}
			a := tc.c.do(tc.method, tc.path, nil, header...)
			assert.Equal(t, tc.status, a.StatusCode, tc.name)
			if tc.status == http.StatusNotFound {
				assert.Equal(t, "application/json", a.Header.Get("Content-Type"), tc.name)
			}
		}
		require.Equal(t, http.StatusOK, alice.get(path).StatusCode, "nothing above removed it")

		// IDs are unique across users.
		n := decode[Note](t, bob.postJSON("/api/notes", `{"text":"bob's","priority":1}`))
		assert.NotContains(t, []int64{first.ID, second.ID}, n.ID)

		a = alice.do(http.MethodDelete, path, nil)
		assert.Equal(t, http.StatusNoContent, a.StatusCode)
		assert.Empty(t, a.body)
		assert.Equal(t, http.StatusNotFound, alice.get(path).StatusCode)
		assert.Equal(t, http.StatusNotFound, alice.do(http.MethodDelete, path, nil).StatusCode, "deleted twice")
		assert.Equal(t, append(before, second), decode[[]Note](t, alice.get("/api/notes")))
	})
}

// multipartBody returns a multipart/form-data body with one part, a file
// (filename not "") or a text field.
func multipartBody(t *testing.T, field, filename string, content []byte) (io.Reader, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	var part io.Writer
	var err error
	if filename != "" {
		part, err = w.CreateFormFile(field, filename)
	} else {
		part, err = w.CreateFormField(field)
	}
	require.NoError(t, err)
	_, err = part.Write(content)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return &b, w.FormDataContentType()
}

func testUpload(t *testing.T, s *instance) {
	alice, anon := newClient(t, s.base), newClient(t, s.base)
	alice.signIn("alice", "wonderland")
	upload := func(c *client, field, filename string, content []byte, header ...string) answer {
		body, ctype := multipartBody(t, field, filename, content)
		return c.do(http.MethodPost, "/api/upload", body, append([]string{"Content-Type", ctype}, header...)...)
	}
	type result struct {
		Name   string `json:"name"`
		Size   int64  `json:"size"`
		SHA256 string `json:"sha256"`
	}
	digest := func(b []byte) string { sum := sha256.Sum256(b); return hex.EncodeToString(sum[:]) }

	for _, tc := range []struct {
		name string
		size int
	}{
		{"small", 13},
		{"empty", 0},
		{"exactly 1 MiB", maxUploadBytes},
	} {
		t.Run(tc.name, func(t *testing.T) {
			content := bytes.Repeat([]byte("x"), tc.size)
			a := upload(alice, "file", "notes.txt", content)
			require.Equal(t, http.StatusCreated, a.StatusCode, a.body)
			assert.Equal(t, "application/json", a.Header.Get("Content-Type"))
			assert.Equal(t, result{"notes.txt", int64(tc.size), digest(content)}, decode[result](t, a))
		})
	}

	for _, tc := range []struct {
		name   string
		a      func() answer
		status int
		want   string
	}{
		{"over 1 MiB", func() answer {
			return upload(alice, "file", "big.bin", make([]byte, maxUploadBytes+1))
		}, 413, "1048576"},
		{"far over", func() answer {
			// Refused before a byte of the body is read. A client that
			// sends a large body asks first (Expect: 100-continue), so
			// that it reads the refusal instead of writing into a
			// connection the server closes.
			return upload(alice, "file", "huge.bin", make([]byte, 3*maxUploadBytes), "Expect", "100-continue")
		}, 413, ""},
		{"no file field", func() answer { return upload(alice, "other", "a.txt", []byte("x")) }, 422, `"path":"file"`},
		{"a text field, not a file", func() answer { return upload(alice, "file", "", []byte("x")) }, 422, "file"},
		{"not multipart", func() answer {
			return alice.do(http.MethodPost, "/api/upload", strings.NewReader("x"), "Content-Type", "text/plain")
		}, 422, "file"},
		{"signed out", func() answer { return upload(anon, "file", "a.txt", []byte("x")) }, 401, "sign in first"},
		{"cross-site", func() answer { return upload(alice, "file", "a.txt", []byte("x"), "Sec-Fetch-Site", "cross-site") }, 403, "cross-origin"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.a()
			assert.Equal(t, tc.status, a.StatusCode, a.body)
			assert.Contains(t, a.body, tc.want)
		})
	}
}
