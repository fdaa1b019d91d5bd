package params_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/ext/params"
	"github.com/iron-go/iron/irontest"
)

// tempFiles lists the uploads left in dir.
func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "iron-upload-*"))
	require.NoError(t, err)
	return names
}

func TestMultipartLimits(t *testing.T) {
	file := func(name string, size int) part {
		return part{name: name, file: name + ".bin", body: strings.Repeat("x", size)}
	}
	field := func(name string, size int) part { return part{name: name, body: strings.Repeat("v", size)} }
	for _, tc := range []struct {
		name      string
		opts      []params.Option
		parts     []part
		chunked   bool
		wantError string // "" for accepted
		wantLimit int64
		wantUnit  string
	}{
		{"a file of exactly the limit", []params.Option{params.MaxFileBytes(10)}, []part{file("a", 10)}, false, "", 0, ""},
		{"a file one byte over", []params.Option{params.MaxFileBytes(10)}, []part{file("a", 11)}, false,
			`file "a" over the limit of 10 bytes`, 10, "bytes"},
		{"the second file over", []params.Option{params.MaxFileBytes(10)}, []part{file("a", 5), file("b", 50)}, false,
			`file "b" over the limit of 10 bytes`, 10, "bytes"},
		{"as many files as allowed", []params.Option{params.MaxFiles(2)}, []part{file("a", 1), file("b", 1)}, false, "", 0, ""},
		{"one file too many", []params.Option{params.MaxFiles(2)}, []part{file("a", 1), file("b", 1), file("c", 1)}, false,
			"files: more than the limit of 2 files", 2, "files"},
		{"as many fields as allowed", []params.Option{params.MaxFields(2)}, []part{field("a", 1), field("b", 1), file("f", 1)}, false, "", 0, ""},
		{"one field too many", []params.Option{params.MaxFields(2)}, []part{field("a", 1), field("b", 1), field("c", 1)}, false,
			"form fields: more than the limit of 2 fields", 2, "fields"},
		{"a field of exactly the limit", []params.Option{params.MaxFieldBytes(8)}, []part{field("a", 8)}, false, "", 0, ""},
		{"a field one byte over", []params.Option{params.MaxFieldBytes(8)}, []part{field("bio", 9)}, false,
			`field "bio" over the limit of 8 bytes`, 8, "bytes"},
		{"a body over the limit, by its length", []params.Option{params.MaxBodyBytes(100)}, []part{file("a", 200)}, false,
			"request body over the limit of 100 bytes", 100, "bytes"},
		{"a body over the limit, chunked", []params.Option{params.MaxBodyBytes(100)}, []part{file("a", 200)}, true,
			"request body over the limit of 100 bytes", 100, "bytes"},
		{"a body of many small parts over the limit, chunked", []params.Option{params.MaxBodyBytes(300)},
			[]part{field("a", 100), field("b", 100), field("c", 100)}, true, "request body over the limit of 300 bytes", 300, "bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			body, ct := multipartBody(t, tc.parts...)
			var r io.Reader = bytes.NewReader(body)
			if tc.chunked {
				r = io.MultiReader(r)
			}
			req := request("/", ct, r)
			require.NoError(t, params.New(append(tc.opts, params.TempDir(dir))...).Before(req))
			m, err := params.Get(req)
			if tc.wantError == "" {
				require.NoError(t, err)
				assert.NotNil(t, m)
				params.RemoveFiles(req)
				assert.Empty(t, tempFiles(t, dir))
				return
			}
			status, b := answer(t, err)
			assert.Equal(t, http.StatusRequestEntityTooLarge, status)
			assert.ErrorIs(t, err, iron.ErrBodyTooLarge)
			assert.Equal(t, tc.wantError, b.Error)
			assert.Equal(t, tc.wantLimit, b.Limit)
			assert.Equal(t, tc.wantUnit, b.Unit)
			assert.Empty(t, tempFiles(t, dir), "a refused request keeps none of its files")
		})
	}
}

// TestMissingTempDir: a temporary directory that is not there when a file
// arrives (never made, or removed since New) fails the request with a 500
// that says nothing of it, and a log line that names the directory. New
// itself accepts the name: options do no I/O.
func TestMissingTempDir(t *testing.T) {
	base := t.TempDir()
	for _, tc := range []struct {
		name  string
		setup func() string // returns the directory given to TempDir
	}{
		{"never made", func() string { return filepath.Join(base, "never") }},
		{"removed after New", func() string {
			dir := filepath.Join(base, "removed")
			require.NoError(t, os.Mkdir(dir, 0o755))
			return dir
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := tc.setup()
			var logs bytes.Buffer
			settings := params.New(params.TempDir(dir), params.Logger(slog.New(slog.NewTextHandler(&logs, nil))))
			require.NoError(t, os.RemoveAll(dir))

			h := chain.New(iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
				if _, err := params.Get(req); err != nil {
					return nil, err
				}
				return iron.With(http.StatusOK, "saved"), nil
			})).LinkBefore(settings)
			req := multipartRequest(t, "/upload", part{name: "doc", file: "a.txt", body: "aaa"})
			res := irontest.Do(h, req)
			assert.Equal(t, http.StatusInternalServerError, res.StatusCode())
			var body strings.Builder
			_, err := res.Body().WriteTo(&body)
			require.NoError(t, err)
			assert.Equal(t, "Internal Server Error", body.String(), "nothing of the cause reaches the client")
			assert.Contains(t, logs.String(), "level=ERROR")
			assert.Contains(t, logs.String(), `msg="params: cannot save an upload"`)
			assert.Contains(t, logs.String(), "dir="+dir)
			assert.Contains(t, logs.String(), "path=/upload")
		})
	}
}

// TestServerLimitErrorsInMultipart: the server's own limit, met while
// streaming parts, gets the same 413.
func TestServerLimitErrorsInMultipart(t *testing.T) {
	dir := t.TempDir()
	body, ct := multipartBody(t, part{name: "f", file: "f.bin", body: strings.Repeat("x", 1000)})
	req := request("/", ct, io.MultiReader(bytes.NewReader(body[:500]), errReader{engine.ErrBodyTooLarge}))
	require.NoError(t, params.New(params.TempDir(dir)).Before(req))
	_, err := params.Get(req)
	status, _ := answer(t, err)
	assert.Equal(t, http.StatusRequestEntityTooLarge, status)
	assert.ErrorIs(t, err, iron.ErrBodyTooLarge)
	assert.Empty(t, tempFiles(t, dir))
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// TestFilesGoWhenTheContextEnds: the files live until the request's
// context ends, as servers end it once the answer is written.
func TestFilesGoWhenTheContextEnds(t *testing.T) {
	dir := t.TempDir()
	req := multipartRequest(t, "/", part{name: "a", file: "a.txt", body: "aaa"}, part{name: "b", file: "b.txt", body: "bbb"})
	ctx, cancel := context.WithCancel(context.Background())
	req.SetContext(ctx)
	require.NoError(t, params.New(params.TempDir(dir)).Before(req))
	m, err := params.Get(req)
	require.NoError(t, err)
	paths := []string{m.File("a").Path, m.File("b").Path}
	assert.ElementsMatch(t, paths, tempFiles(t, dir))
	for _, p := range paths {
		assert.Equal(t, dir, filepath.Dir(p), "written to TempDir")
	}
	cancel()
	assert.Eventually(t, func() bool { return len(tempFiles(t, dir)) == 0 }, 5*time.Second, 5*time.Millisecond)
}

func TestRemoveFiles(t *testing.T) {
	dir := t.TempDir()
	req := multipartRequest(t, "/", part{name: "a", file: "a.txt", body: "aaa"})
	require.NoError(t, params.New(params.TempDir(dir)).Before(req))
	m, err := params.Get(req)
	require.NoError(t, err)
	f, err := m.File("a").Open()
	require.NoError(t, err)
	defer f.Close()
	params.RemoveFiles(req)
	assert.Empty(t, tempFiles(t, dir))
	_, err = os.Stat(m.File("a").Path)
	assert.ErrorIs(t, err, os.ErrNotExist)
	b, err := io.ReadAll(f)
	require.NoError(t, err)
	assert.Equal(t, "aaa", string(b), "a file opened before stays readable")
	params.RemoveFiles(req) // twice: nothing to do
	params.RemoveFiles(iron.NewRequest("GET", "/", nil))
}
