package iron_test

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
)

func bodyOf(t *testing.T, res *iron.Response) string {
	t.Helper()
	var buf bytes.Buffer
	_, err := res.Body().WriteTo(&buf)
	require.NoError(t, err)
	return buf.String()
}

func TestWithModifiers(t *testing.T) {
	for _, tc := range []struct {
		name       string
		mods       []any
		wantStatus int
		wantBody   string
		wantLen    int64
		wantHeader http.Header
	}{
		{"status only", []any{http.StatusNoContent}, 204, "", 0, nil},
		{"string body", []any{200, "Hello World"}, 200, "Hello World", 11, nil},
		{"bytes body", []any{[]byte("raw")}, 0, "raw", 3, nil},
		{"reader with Len", []any{strings.NewReader("abcd")}, 0, "abcd", 4, nil},
		{"reader without Len", []any{io.MultiReader(strings.NewReader("ab"), strings.NewReader("cd"))}, 0, "abcd", -1, nil},
		{"stream", []any{func(w io.Writer) error { _, err := io.WriteString(w, "streamed"); return err }}, 0, "streamed", -1, nil},
		{"later wins", []any{200, "first", 201, "second"}, 201, "second", 6, nil},
		{"header merges and replaces", []any{http.Header{"x-a": {"1"}, "X-B": {"2"}}, http.Header{"X-A": {"3", "4"}}}, 0, "", 0,
			http.Header{"X-A": {"3", "4"}, "X-B": {"2"}}},
		{"redirect defaults to 302", []any{iron.Redirect("/there")}, 302, "", 0, http.Header{"Location": {"/there"}}},
		{"redirect keeps a given status", []any{http.StatusMovedPermanently, iron.Redirect("/there")}, 301, "", 0,
			http.Header{"Location": {"/there"}}},
		{"cookies append", []any{&http.Cookie{Name: "a", Value: "1"}, &http.Cookie{Name: "b", Value: "2"}}, 0, "", 0,
			http.Header{"Set-Cookie": {"a=1", "b=2"}}},
		{"nil is skipped", []any{nil, 200}, 200, "", 0, nil},
		{"modifier func", []any{iron.ModifierFunc(func(r *iron.Response) { r.Status = 418 })}, 418, "", 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := iron.With(tc.mods...)
			assert.Equal(t, tc.wantStatus, res.Status)
			assert.Equal(t, tc.wantLen, res.Body().Len())
			assert.Equal(t, tc.wantBody, bodyOf(t, res))
			assert.Equal(t, tc.wantHeader, res.Header)
		})
	}
}

func TestContentTypeLaterWins(t *testing.T) {
	for _, tc := range []struct {
		name string
		mods []any
		want string
	}{
		{"modifier alone", []any{iron.ContentType("text/html"), "<p>"}, "text/html"},
		{"header after modifier", []any{iron.JSON, http.Header{"Content-Type": {"text/csv"}}}, "text/csv"},
		{"modifier after header", []any{http.Header{"Content-Type": {"text/csv"}}, iron.JSON}, "application/json"},
		{"modifier after another header", []any{http.Header{"X-A": {"1"}}, iron.JSON}, "application/json"},
		{"two modifiers", []any{iron.JSON, iron.TextHTML}, "text/html; charset=utf-8"},
		{"no type, a body", []any{"x"}, iron.DefaultContentType},
		{"no type, no body", []any{200}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := iron.With(tc.mods...)
			assert.Equal(t, tc.want, res.ContentType())
			assert.Equal(t, tc.want, res.Clone().ContentType(), "a clone keeps it")
		})
	}
}

// A JSON answer costs no header map.
func TestContentTypeAllocatesNoMap(t *testing.T) {
	res := iron.With(200, iron.JSON, "{}")
	assert.Nil(t, res.Header)
	allocs := testing.AllocsPerRun(100, func() { _ = iron.With(http.StatusOK, iron.JSON, "{}") })
	assert.Equal(t, 1.0, allocs)
}

func TestWithPanicsOnUnknownModifier(t *testing.T) {
	assert.PanicsWithValue(t, "iron: With: unsupported modifier of type float64", func() { iron.With(1.5) })
	assert.PanicsWithValue(t, "iron: With: invalid status code 42", func() { iron.With(42) })
	assert.Panics(t, func() { iron.With(&http.Cookie{Name: "bad name", Value: "x"}) })
}

func TestWithFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "page.html")
	require.NoError(t, os.WriteFile(path, []byte("<h1>hi</h1>"), 0o600))
	f, err := os.Open(path)
	require.NoError(t, err)

	res := iron.With(200, f)
	assert.Equal(t, int64(11), res.Body().Len())
	assert.Equal(t, "text/html; charset=utf-8", res.ContentType())
	assert.Equal(t, "<h1>hi</h1>", bodyOf(t, res))
	require.NoError(t, res.Body().Close())
	_, err = f.Read(make([]byte, 1))
	assert.ErrorIs(t, err, os.ErrClosed, "the server closes a file body")

	g, err := os.Open(path)
	require.NoError(t, err)
	defer g.Close()
	res = iron.With(iron.ContentType("text/plain"), g)
	assert.Equal(t, "text/plain", res.ContentType(), "an explicit content type is kept")
}

func TestReaderBodyShorterThanDeclared(t *testing.T) {
	b := iron.ReaderBody(strings.NewReader("abc"), 10)
	n, err := b.WriteTo(io.Discard)
	assert.Equal(t, int64(3), n)
	assert.ErrorIs(t, err, io.ErrUnexpectedEOF)
}

func TestWriteBackDefaults(t *testing.T) {
	empty := &iron.Response{}
	assert.Equal(t, 404, empty.StatusCode(), "no status means 404")
	assert.Equal(t, "", empty.ContentType(), "no body, no content type")
	assert.True(t, empty.Body().IsZero())
	assert.Equal(t, int64(0), empty.Body().Len())

	plain := iron.With(200, "x")
	assert.Equal(t, iron.DefaultContentType, plain.ContentType())

	typed := iron.With(200, iron.JSON, "{}")
	assert.Equal(t, "application/json", typed.ContentType())
}

// A response kept by a handler and returned again and again never changes.
func TestResponseIsTheHandlersOwn(t *testing.T) {
	notFound := iron.With(404, "nope")
	for range 3 {
		assert.Equal(t, 404, notFound.Status)
		assert.Equal(t, "nope", bodyOf(t, notFound))
		assert.Nil(t, notFound.Header)
	}
}

func TestFlush(t *testing.T) {
	var flushed int
	w := flushWriter{Writer: io.Discard, n: &flushed}
	res := iron.With(func(w io.Writer) error {
		_, _ = io.WriteString(w, "a")
		return iron.Flush(w)
	})
	_, err := res.Body().WriteTo(w)
	require.NoError(t, err)
	assert.Equal(t, 1, flushed, "Flush inside a stream reaches the server's writer")
	assert.NoError(t, iron.Flush(io.Discard), "a writer that cannot flush is fine")
}

type flushWriter struct {
	io.Writer
	n *int
}

func (f flushWriter) Flush() error { *f.n++; return nil }

// A hello-world response costs one allocation: the Response itself.
func TestWithAllocatesOnlyTheResponse(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() { _ = iron.With(http.StatusOK, "Hello World") })
	assert.Equal(t, 1.0, allocs)
}

func TestClone(t *testing.T) {
	shared := iron.With(200, "body", http.Header{"X-A": {"1"}})
	k := iron.NewKey[int]("k")
	iron.Set(shared, k, 1)
	c := shared.Clone()
	v, ok := iron.Get(c, k)
	assert.True(t, ok, "extensions are copied")
	assert.Equal(t, 1, v)
	iron.Set(c, k, 2)
	v, _ = iron.Get(shared, k)
	assert.Equal(t, 1, v, "the original's extensions are untouched")
	c.SetHeader("X-A", "2")
	c.AddHeader("X-B", "3")
	c.Status = 201
	assert.Equal(t, http.Header{"X-A": {"1"}}, shared.Header, "the original is untouched")
	assert.Equal(t, 200, shared.Status)
	assert.Equal(t, "body", bodyOf(t, c), "the clone has the same body")
	assert.Nil(t, iron.With().Clone().Header, "a nil header stays nil")
}
