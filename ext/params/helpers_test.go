package params_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/textproto"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
)

// part is one part of a multipart body: a field, or a file when file is
// set.
type part struct {
	name, file, contentType, body string
}

// multipartBody encodes parts and returns the body and its Content-Type.
func multipartBody(t testing.TB, parts ...part) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, p := range parts {
		h := make(textproto.MIMEHeader)
		disp := `form-data; name="` + p.name + `"`
		if p.file != "" {
			disp += `; filename="` + p.file + `"`
		}
		h.Set("Content-Disposition", disp)
		if p.contentType != "" {
			h.Set("Content-Type", p.contentType)
		}
		pw, err := w.CreatePart(h)
		require.NoError(t, err)
		_, err = io.WriteString(pw, p.body)
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	return buf.Bytes(), w.FormDataContentType()
}

// request is a POST of body with contentType ("" for none) to target.
func request(target, contentType string, body io.Reader) *iron.Request {
	req := iron.NewRequest("POST", target, body)
	if contentType != "" {
		req.Header().Set("Content-Type", contentType)
	}
	return req
}

func multipartRequest(t testing.TB, target string, parts ...part) *iron.Request {
	body, ct := multipartBody(t, parts...)
	return request(target, ct, bytes.NewReader(body))
}

// errorBody is a client error's JSON body.
type errorBody struct {
	Error  string `json:"error"`
	Limit  int64  `json:"limit"`
	Unit   string `json:"unit"`
	Fields []struct {
		Path, Rule, Message string
	} `json:"fields"`
}

func answer(t testing.TB, err error) (int, errorBody) {
	t.Helper()
	require.Error(t, err)
	res := iron.ErrorResponse(err)
	var b strings.Builder
	_, _ = res.Body().WriteTo(&b)
	var body errorBody
	if res.StatusCode() < 500 {
		require.Equal(t, "application/json", res.ContentType())
		require.NoError(t, json.Unmarshal([]byte(b.String()), &body), b.String())
	}
	return res.StatusCode(), body
}
