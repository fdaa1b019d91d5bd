package params_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/bodyparser"
	"github.com/iron-go/iron/ext/params"
)

const form = "application/x-www-form-urlencoded"

func TestSources(t *testing.T) {
	for _, tc := range []struct {
		name        string
		target      string
		contentType string
		body        string
		want        params.Map
	}{
		{"nothing", "/", "", "", params.Map{}},
		{"query", "/?a=1&user[name]=ann&tags[]=x&tags[]=y", "", "",
			params.Map{"a": "1", "user": params.Map{"name": "ann"}, "tags": []any{"x", "y"}}},
		{"form", "/", form, "a=1&items[0][name]=x&items[1][name]=y",
			params.Map{"a": "1", "items": []any{params.Map{"name": "x"}, params.Map{"name": "y"}}}},
		{"JSON", "/", "application/json", `{"a": 1, "user": {"name": "ann", "admin": false}, "tags": ["x", null], "user[x]": "literal"}`,
			params.Map{"a": json.Number("1"), "user": params.Map{"name": "ann", "admin": false}, "tags": []any{"x", nil}, "user[x]": "literal"}},
		{"+json", "/", "application/merge-patch+json", `{"a": "b"}`, params.Map{"a": "b"}},
		{"the body over the query, maps merged", "/?a=q&b=q&user[name]=q&user[email]=q", form, "a=f&user[name]=f",
			params.Map{"a": "f", "b": "q", "user": params.Map{"name": "f", "email": "q"}}},
		{"JSON over the query", "/?a=q&user[name]=q&n=q", "application/json", `{"a": "j", "user": {"email": "j"}, "n": null}`,
			params.Map{"a": "j", "user": params.Map{"name": "q", "email": "j"}, "n": nil}},
		{"a body value replaces a query map whole", "/?user[name]=q", form, "user=f", params.Map{"user": "f"}},
		{"another content type: the body is left unread", "/?a=1", "text/plain", "b=2", params.Map{"a": "1"}},
		{"an empty body of any type", "/?a=1", "application/json", "", params.Map{"a": "1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := request(tc.target, tc.contentType, strings.NewReader(tc.body))
			m, err := params.Get(req)
			require.NoError(t, err)
			assert.Equal(t, tc.want, m)
			if tc.contentType == "text/plain" {
				rest, _ := io.ReadAll(req.Body())
				assert.Equal(t, tc.body, string(rest), "left for the handler")
			}
		})
	}
}

func TestMultipartFields(t *testing.T) {
	req := multipartRequest(t, "/?page=2&title=q",
		part{name: "title", body: "Hello"},
		part{name: "user[name]", body: "Ann"},
		part{name: "tags[]", body: "a"},
		part{name: "tags[]", body: "b"},
		part{name: "avatar", file: "../../me.png", contentType: "image/png", body: "PNGDATA"},
		part{name: "photos[]", file: "1.jpg", body: "one"},
		part{name: "photos[]", file: "2.jpg", body: "two"},
		part{name: "empty", file: "", contentType: "application/octet-stream", body: ""},
	)
	defer params.RemoveFiles(req)
	m, err := params.Get(req)
	require.NoError(t, err)
	assert.Equal(t, "Hello", m.String("title"), "the body over the query")
	assert.Equal(t, "2", m.String("page"))
	assert.Equal(t, "Ann", m.String("user.name"))
	assert.Equal(t, "Ann", m.String("user[name]"))
	assert.Equal(t, []string{"a", "b"}, m.Strings("tags"))
	assert.Equal(t, "", m.String("empty"), "a file input left empty is an empty field")
	assert.Nil(t, m.File("empty"))

	f := m.File("avatar")
	require.NotNil(t, f)
	assert.Equal(t, "me.png", f.Name, "no directory of the client's")
	assert.Equal(t, "image/png", f.ContentType)
	assert.EqualValues(t, 7, f.Size)
	content, err := readFile(f)
	require.NoError(t, err)
	assert.Equal(t, "PNGDATA", content)

	photos := m.Files("photos")
	require.Len(t, photos, 2)
	for i, want := range []string{"one", "two"} {
		c, err := readFile(photos[i])
		require.NoError(t, err)
		assert.Equal(t, want, c)
	}
	assert.Equal(t, "1.jpg", m.File("photos").Name)

	_, err = io.ReadAll(req.Body())
	assert.ErrorContains(t, err, "read by params", "the streamed body says where its fields went")
	_, err = bodyparser.Raw(req)
	assert.Error(t, err)
}

func readFile(f *params.File) (string, error) {
	r, err := f.Open()
	if err != nil {
		return "", err
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	return string(b), err
}

// TestMultipartAfterRaw: a body bodyparser read first is parsed from its
// bytes.
func TestMultipartAfterRaw(t *testing.T) {
	req := multipartRequest(t, "/", part{name: "a", body: "1"}, part{name: "f", file: "x.txt", body: "xyz"})
	defer params.RemoveFiles(req)
	_, err := bodyparser.Raw(req)
	require.NoError(t, err)
	m, err := params.Get(req)
	require.NoError(t, err)
	assert.Equal(t, "1", m.String("a"))
	assert.EqualValues(t, 3, m.File("f").Size)
}

func TestMalformed(t *testing.T) {
	body, ct := multipartBody(t, part{name: "a", body: "1"})
	for _, tc := range []struct {
		name        string
		target      string
		contentType string
		body        string
		wantStatus  int
		want        string
	}{
		{"a malformed query", "/?a=%zz", "", "", 400, "malformed query"},
		{"a malformed form", "/", form, "a=%", 400, "malformed form"},
		{"a key holding a value and nested keys", "/?a=1&a[b]=2", "", "", 400, "both a value and nested keys"},
		{"an index that skips", "/?a[3]=1", "", "", 400, "skips"},
		{"JSON that is not an object", "/", "application/json", `[1, 2]`, 400, "the body is an array: params wants an object"},
		{"malformed JSON", "/", "application/json", `{"a": }`, 400, "malformed JSON"},
		{"multipart without a boundary", "/", "multipart/form-data", string(body), 400, "without a boundary"},
		{"multipart with another boundary", "/", "multipart/form-data; boundary=other", string(body), 400, "malformed multipart"},
		{"truncated multipart", "/", ct, string(body[:len(body)-10]), 400, "malformed multipart"},
		{"multipart without its closing boundary", "/", ct, strings.TrimSuffix(string(body), "--\r\n"), 400, "malformed multipart"},
		{"garbage", "/", "multipart/form-data; boundary=x", "garbage", 400, "malformed multipart"},
		{"a bad multipart key", "/", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a[9]\"\r\n\r\nv\r\n--x--\r\n", 400, "skips"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := request(tc.target, tc.contentType, strings.NewReader(tc.body))
			_, err := params.Get(req)
			status, b := answer(t, err)
			assert.Equal(t, tc.wantStatus, status, b.Error)
			assert.Contains(t, b.Error, tc.want)
			_, again := params.Get(req)
			assert.Same(t, err, again, "the failure is cached")
		})
	}
}

func TestAccessors(t *testing.T) {
	req := request("/?n=42&neg=-3&f=2.5&bad=x&empty=&on=on&no=off&t=true&list=1&list=2&inf=Inf&user[name]=ann", "application/json",
		strings.NewReader(`{"jn": 7, "jf": 1.5, "jb": true, "jnull": null, "obj": {"k": ["a", {"deep": "d"}]}}`))
	m, err := params.Get(req)
	require.NoError(t, err)

	for _, tc := range []struct {
		path    string
		want    int
		wantErr string // rule of the 422
	}{
		{"n", 42, ""}, {"neg", -3, ""}, {"jn", 7, ""}, {"list", 1, ""},
		{"bad", 0, "int"}, {"f", 0, "int"}, {"jf", 0, "int"},
		{"missing", 0, "required"}, {"empty", 0, "required"}, {"jnull", 0, "required"},
	} {
		got, err := m.Int(tc.path)
		if tc.wantErr == "" {
			require.NoError(t, err, tc.path)
			assert.Equal(t, tc.want, got, tc.path)
			continue
		}
		status, b := answer(t, err)
		assert.Equal(t, http.StatusUnprocessableEntity, status)
		require.Len(t, b.Fields, 1)
		assert.Equal(t, tc.path, b.Fields[0].Path)
		assert.Equal(t, tc.wantErr, b.Fields[0].Rule, tc.path)
	}

	n, err := m.IntOr("missing", 5)
	assert.NoError(t, err)
	assert.Equal(t, 5, n)
	n, err = m.IntOr("empty", 5)
	assert.NoError(t, err)
	assert.Equal(t, 5, n)
	_, err = m.IntOr("bad", 5)
	assert.Error(t, err)

	fl, err := m.Float("f")
	assert.NoError(t, err)
	assert.Equal(t, 2.5, fl)
	fl, err = m.Float("jf")
	assert.NoError(t, err)
	assert.Equal(t, 1.5, fl)
	_, err = m.Float("inf")
	assert.Error(t, err, "not a finite number")

	for path, want := range map[string]bool{"on": true, "no": false, "t": true, "jb": true, "missing": false, "empty": false} {
		b, err := m.Bool(path)
		assert.NoError(t, err, path)
		assert.Equal(t, want, b, path)
	}
	_, err = m.Bool("bad")
	status, b := answer(t, err)
	assert.Equal(t, 422, status)
	assert.Equal(t, "bool", b.Fields[0].Rule)

	assert.Equal(t, "ann", m.String("user.name"))
	assert.Equal(t, "7", m.String("jn"))
	assert.Equal(t, "true", m.String("jb"))
	assert.Equal(t, "", m.String("obj"))
	assert.Equal(t, "a", m.String("obj.k.0"))
	assert.Equal(t, "d", m.String("obj.k.1.deep"))
	assert.Equal(t, "d", m.String("obj[k][1][deep]"))
	assert.Equal(t, "", m.String("obj.k.9"))
	assert.Equal(t, []string{"1", "2"}, m.Strings("list"))
	assert.Equal(t, []string{"a"}, m.Strings("obj.k"), "nested maps are skipped")
	assert.Nil(t, m.Strings("missing"))
	assert.Equal(t, params.Map{"name": "ann"}, m.Map("user"))
	assert.Nil(t, m.Map("n"))
	assert.True(t, m.Has("jnull"))
	assert.False(t, m.Has("nope"))

	assert.NoError(t, m.Require("n", "user.name", "jb"))
	err = m.Require("n", "missing", "empty", "jnull", "user.email")
	status, b = answer(t, err)
	assert.Equal(t, 422, status)
	var missing []string
	for _, f := range b.Fields {
		missing = append(missing, f.Path+":"+f.Rule)
	}
	assert.Equal(t, []string{"missing:required", "empty:required", "jnull:required", "user.email:required"}, missing)
	assert.Equal(t, "invalid request data: missing is required; empty is required; jnull is required; user.email is required", b.Error)
}

func TestSettingsPanicOnValuesThatCannotWork(t *testing.T) {
	for _, tc := range []struct {
		opt  func() params.Option
		want string
	}{
		{func() params.Option { return params.MaxBodyBytes(0) }, "params: MaxBodyBytes(0): the limit must be positive"},
		{func() params.Option { return params.MaxFileBytes(-1) }, "params: MaxFileBytes(-1): the limit must be positive"},
		{func() params.Option { return params.MaxFiles(0) }, "params: MaxFiles(0): the limit must be positive"},
		{func() params.Option { return params.MaxFields(-5) }, "params: MaxFields(-5): the limit must be positive"},
		{func() params.Option { return params.MaxFieldBytes(0) }, "params: MaxFieldBytes(0): the limit must be positive"},
		{func() params.Option { return params.TempDir("up\x00loads") }, `params: TempDir("up\x00loads"): NUL byte in the name`},
		{func() params.Option { return params.Logger(nil) }, "params: Logger(nil)"},
	} {
		assert.PanicsWithError(t, tc.want, func() { params.New(tc.opt()) })
	}
	assert.NotPanics(t, func() { params.New(nil, params.TempDir(t.TempDir())) })
	// An option records, and New looks at nothing on disk: a directory
	// that is missing now is the uploads' problem, not a programmer error.
	assert.NotPanics(t, func() { params.New(params.TempDir("/no/such/dir"), params.TempDir("")) })
}

func TestFormFieldsAreCounted(t *testing.T) {
	req := request("/?q1=1&q2=2&q3=3", form, strings.NewReader("a=1&a=2&b=3"))
	require.NoError(t, params.New(params.MaxFields(3)).Before(req))
	_, err := params.Get(req)
	assert.NoError(t, err, "3 form pairs; the query is not counted")

	req = request("/", form, strings.NewReader("a=1&a=2&b=3&c=4"))
	require.NoError(t, params.New(params.MaxFields(3)).Before(req))
	_, err = params.Get(req)
	status, b := answer(t, err)
	assert.Equal(t, http.StatusRequestEntityTooLarge, status)
	assert.ErrorIs(t, err, iron.ErrBodyTooLarge)
	assert.EqualValues(t, 3, b.Limit)
	assert.Equal(t, "fields", b.Unit)
}
