package bodyparser_test

import (
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
)

// jsonRequest is a POST of body declared as contentType ("" for none).
func jsonRequest(contentType, body string) *iron.Request {
	req := iron.NewRequest("POST", "/", strings.NewReader(body))
	if contentType != "" {
		req.Header().Set("Content-Type", contentType)
	}
	return req
}

// chunked hides a reader's length, so the request is sent as if chunked.
type chunked struct{ io.Reader }

// errorBody is the JSON body of a client error, as a client decodes it.
type errorBody struct {
	Error    string   `json:"error"`
	Expected []string `json:"expected"`
	Offset   *int64   `json:"offset"`
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Path     string   `json:"path"`
	Limit    int64    `json:"limit"`
	Unit     string   `json:"unit"`
	Fields   []struct {
		Path    string `json:"path"`
		Rule    string `json:"rule"`
		Message string `json:"message"`
	} `json:"fields"`
}

// answer returns the status and decoded JSON body a client gets for err.
func answer(t testing.TB, err error) (int, errorBody) {
	t.Helper()
	require.Error(t, err)
	res := iron.ErrorResponse(err)
	var b strings.Builder
	_, werr := res.Body().WriteTo(&b)
	require.NoError(t, werr)
	var body errorBody
	if res.StatusCode() < 500 {
		require.Equal(t, "application/json", res.ContentType(), "client errors are JSON")
		require.NoError(t, json.Unmarshal([]byte(b.String()), &body), b.String())
		require.NotEmpty(t, body.Error)
	}
	return res.StatusCode(), body
}

// paths lists the paths and rules of a 422's fields as "path:rule".
func paths(b errorBody) []string {
	var out []string
	for _, f := range b.Fields {
		out = append(out, f.Path+":"+f.Rule)
	}
	return out
}
