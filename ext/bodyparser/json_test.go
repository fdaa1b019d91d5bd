package bodyparser_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/ext/bodyparser"
)

func TestJSONContentTypes(t *testing.T) {
	for _, tc := range []struct {
		contentType string
		ok          bool
	}{
		{"application/json", true},
		{"application/json; charset=utf-8", true},
		{"Application/JSON", true},
		{" application/json ;charset=UTF-8", true},
		{"application/problem+json", true},
		{"application/vnd.api+json; ext=bulk", true},
		{"", false},
		{"text/plain", false},
		{"text/json", false},
		{"application/x-www-form-urlencoded", false},
		{"multipart/form-data; boundary=x", false},
		{"application/+json", false},
		{"application/jsonx", false},
		{"text/x+json", false},
		{"application/a/b+json", false},
	} {
		t.Run(tc.contentType, func(t *testing.T) {
			_, err := bodyparser.JSON(jsonRequest(tc.contentType, `{}`))
			if tc.ok {
				assert.NoError(t, err)
				return
			}
			status, body := answer(t, err)
			assert.Equal(t, http.StatusUnsupportedMediaType, status)
			assert.ErrorIs(t, err, bodyparser.ErrUnsupportedMediaType)
			assert.Equal(t, []string{"application/json", "application/*+json"}, body.Expected)
			if tc.contentType == "" {
				assert.Equal(t, "missing Content-Type: expected application/json or application/*+json", body.Error)
			} else {
				assert.Contains(t, body.Error, tc.contentType, "the answer says what was sent")
			}
		})
	}
}

func TestJSONValues(t *testing.T) {
	for _, tc := range []struct {
		body string
		want any
	}{
		{`{"a": [1, 2.5, "x", true, null]}`, map[string]any{"a": []any{json.Number("1"), json.Number("2.5"), "x", true, nil}}},
		{`  [] `, []any{}},
		{`"s"`, "s"},
		{"\n12345678901234567890\n", json.Number("12345678901234567890")},
		{`null`, nil},
	} {
		v, err := bodyparser.JSON(jsonRequest("application/json", tc.body))
		require.NoError(t, err, tc.body)
		assert.Equal(t, tc.want, v, tc.body)
	}
}

// TestMalformedJSON: what is wrong, and where, for JSON and Struct alike.
func TestMalformedJSON(t *testing.T) {
	type target struct {
		A int `json:"a"`
	}
	for _, tc := range []struct {
		name                 string
		body                 string
		offset, line, column int
		msg                  string
	}{
		{"empty", ``, 0, 1, 1, "the body is empty"},
		{"blank", " \n ", 3, 2, 2, "the body is empty"},
		{"bad character", `{"a": x}`, 6, 1, 7, "invalid character 'x'"},
		{"on a later line", "{\n  \"a\": 1,\n}", 12, 3, 1, "invalid character '}'"},
		{"truncated", `{"a": 1`, 7, 1, 8, "unexpected end of JSON input"},
		{"trailing data", `{"a": 1} {"a": 2}`, 9, 1, 10, "after"},
		{"trailing garbage", "{\"a\": 1}\n;", 9, 2, 1, "after"},
	} {
		for _, parse := range []struct {
			name string
			fn   func(body string) error
		}{
			{"JSON", func(body string) error { _, err := bodyparser.JSON(jsonRequest("application/json", body)); return err }},
			{"Struct", func(body string) error {
				_, err := bodyparser.Struct[target](jsonRequest("application/json", body))
				return err
			}},
		} {
			t.Run(tc.name+"/"+parse.name, func(t *testing.T) {
				err := parse.fn(tc.body)
				status, body := answer(t, err)
				assert.Equal(t, http.StatusBadRequest, status)
				assert.ErrorIs(t, err, bodyparser.ErrMalformed)
				require.NotNil(t, body.Offset, body.Error)
				assert.EqualValues(t, tc.offset, *body.Offset, body.Error)
				assert.Equal(t, tc.line, body.Line, body.Error)
				assert.Equal(t, tc.column, body.Column, body.Error)
				assert.Contains(t, body.Error, tc.msg)
			})
		}
	}
}

// TestTypeMismatchNamesThePath: a value of the wrong type is a 400 naming
// its JSON path, indexes included, and pointing at the value.
func TestTypeMismatchNamesThePath(t *testing.T) {
	type item struct {
		Name string `json:"name"`
		Qty  uint8  `json:"qty"`
	}
	type order struct {
		ID    int64           `json:"id"`
		Items []item          `json:"items"`
		Meta  map[string]item `json:"meta"`
		Flag  bool            `json:"flag"`
		Ptr   *item           `json:"ptr"`
	}
	for _, tc := range []struct {
		body, path, msg string
	}{
		{`{"id": "7"}`, "id", "expected an integer, got string"},
		{`{"id": 1.5}`, "id", "expected an integer, got number 1.5"},
		{`{"items": [{"name": "a"}, {"name": "b"}, {"name": 3}]}`, "items[2].name", "expected a string, got number"},
		{`{"items": [{"qty": 300}]}`, "items[0].qty", "expected an integer from 0 to 255, got number 300"},
		{`{"items": {"name": "a"}}`, "items", "expected an array, got object"},
		{`{"meta": {"k": {"qty": -1}}}`, "meta.k.qty", "expected an integer from 0 to 255, got number -1"},
		{`{"flag": "yes"}`, "flag", "expected true or false, got string"},
		{`{"ptr": {"name": false}}`, "ptr.name", "expected a string, got bool"},
		{`[1]`, "", "expected an object, got array"},
	} {
		t.Run(tc.body, func(t *testing.T) {
			_, err := bodyparser.Struct[order](jsonRequest("application/json", tc.body))
			status, body := answer(t, err)
			assert.Equal(t, http.StatusBadRequest, status)
			assert.Equal(t, tc.path, body.Path)
			assert.Contains(t, body.Error, tc.msg)
			require.NotNil(t, body.Offset)
			if tc.path != "" {
				// The offset points at the value itself.
				rest := tc.body[*body.Offset:]
				assert.NotEqual(t, "", strings.TrimSpace(rest))
				assert.NotContains(t, ":,", rest[:1], "offset %d points at a value, not a separator: %q", *body.Offset, rest)
			}
		})
	}
}
