package urlencoded_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/bodyparser"
	"github.com/iron-go/iron/ext/urlencoded"
)

// clientError is a client error's status and decoded body.
func clientError(t *testing.T, err error) (int, map[string]any) {
	t.Helper()
	require.Error(t, err)
	res := iron.ErrorResponse(err)
	b, _ := res.Body().Bytes()
	var body map[string]any
	require.NoError(t, json.Unmarshal(b, &body))
	return res.StatusCode(), body
}

func TestQuery(t *testing.T) {
	for _, tc := range []struct {
		target     string
		want       url.Values
		wantOffset int
	}{
		{"/", url.Values{}, 0},
		{"/?", url.Values{}, 0},
		{"/?a=1&b=2&a=3", url.Values{"a": {"1", "3"}, "b": {"2"}}, 0},
		{"/?a&b=&=c", url.Values{"a": {""}, "b": {""}, "": {"c"}}, 0},
		{"/?&&a=1&&", url.Values{"a": {"1"}}, 0},
		{"/?q=caf%C3%A9+au+lait&x=a%2Bb", url.Values{"q": {"café au lait"}, "x": {"a+b"}}, 0},
		{"/?a=1=2", url.Values{"a": {"1=2"}}, 0},
		{"/?a=%zz", nil, 2},
		{"/?ok=1&b%=1", nil, 6},
		{"/?a=%4", nil, 2},
		{"/?a=1;b=2", nil, 3},
	} {
		t.Run(tc.target, func(t *testing.T) {
			req := iron.NewRequest("GET", tc.target, nil)
			got, err := urlencoded.Query(req)
			if tc.want != nil {
				require.NoError(t, err)
				assert.Equal(t, tc.want, got)
				assert.Equal(t, req.Query(), got, "agrees with Request.Query on what it can read")
				return
			}
			status, body := clientError(t, err)
			assert.Equal(t, http.StatusBadRequest, status)
			assert.ErrorIs(t, err, bodyparser.ErrMalformed)
			assert.EqualValues(t, tc.wantOffset, body["offset"])
			assert.Contains(t, body["error"], "malformed query")
			assert.NotNil(t, req.Query(), "Request.Query stays lenient")
		})
	}
}

func TestBody(t *testing.T) {
	const form = urlencoded.FormType
	for _, tc := range []struct {
		name        string
		contentType string
		body        io.Reader
		limit       int64
		want        url.Values
		wantStatus  int
	}{
		{"no body", "", nil, 0, url.Values{}, 0},
		{"empty body of any type", "application/json", strings.NewReader(""), 0, url.Values{}, 0},
		{"form", form, strings.NewReader("a=1&b=x+y&a=2"), 0, url.Values{"a": {"1", "2"}, "b": {"x y"}}, 0},
		{"form with a charset", form + "; charset=UTF-8", strings.NewReader("a=%C3%A9"), 0, url.Values{"a": {"é"}}, 0},
		{"upper-case type", "Application/X-WWW-Form-Urlencoded", strings.NewReader("a=1"), 0, url.Values{"a": {"1"}}, 0},
		{"chunked", form, io.MultiReader(strings.NewReader("a=1")), 0, url.Values{"a": {"1"}}, 0},
		{"exactly the limit", form, strings.NewReader("a=123"), 5, url.Values{"a": {"123"}}, 0},
		{"over the limit", form, strings.NewReader("a=1234"), 5, nil, http.StatusRequestEntityTooLarge},
		{"over the limit, chunked", form, io.MultiReader(strings.NewReader("a=1234")), 5, nil, http.StatusRequestEntityTooLarge},
		{"malformed", form, strings.NewReader("a=1&b=%G1"), 0, nil, http.StatusBadRequest},
		{"no content type", "", strings.NewReader("a=1"), 0, nil, http.StatusUnsupportedMediaType},
		{"JSON", "application/json", strings.NewReader(`{"a":1}`), 0, nil, http.StatusUnsupportedMediaType},
		{"multipart", "multipart/form-data; boundary=x", strings.NewReader("--x--"), 0, nil, http.StatusUnsupportedMediaType},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := iron.NewRequest("POST", "/", tc.body)
			if tc.contentType != "" {
				req.Header().Set("Content-Type", tc.contentType)
			}
			if tc.limit > 0 {
				require.NoError(t, bodyparser.New(bodyparser.MaxBodyBytes(tc.limit)).Before(req))
			}
			got, err := urlencoded.Body(req)
			if tc.wantStatus == 0 {
				require.NoError(t, err)
				assert.Equal(t, tc.want, got)
				return
			}
			status, body := clientError(t, err)
			assert.Equal(t, tc.wantStatus, status)
			switch tc.wantStatus {
			case http.StatusRequestEntityTooLarge:
				assert.ErrorIs(t, err, iron.ErrBodyTooLarge)
				assert.EqualValues(t, tc.limit, body["limit"])
			case http.StatusUnsupportedMediaType:
				assert.Equal(t, []any{urlencoded.FormType}, body["expected"])
			case http.StatusBadRequest:
				assert.EqualValues(t, 6, body["offset"])
			}
		})
	}
}

func TestBodySharesTheBodyWithRaw(t *testing.T) {
	req := iron.NewRequest("POST", "/", strings.NewReader("a=1"))
	req.Header().Set("Content-Type", urlencoded.FormType)
	form, err := urlencoded.Body(req)
	require.NoError(t, err)
	raw, err := bodyparser.Raw(req)
	require.NoError(t, err)
	assert.Equal(t, "a=1", string(raw))
	again, err := urlencoded.Body(req)
	require.NoError(t, err)
	assert.Equal(t, form, again)
}

func TestTooManyPairs(t *testing.T) {
	many := strings.Repeat("a=1&", urlencoded.MaxPairs) + "b=2"
	req := iron.NewRequest("POST", "/", strings.NewReader(many))
	req.Header().Set("Content-Type", urlencoded.FormType)
	_, err := urlencoded.Body(req)
	status, body := clientError(t, err)
	assert.Equal(t, http.StatusRequestEntityTooLarge, status)
	assert.EqualValues(t, urlencoded.MaxPairs, body["limit"])
	assert.Equal(t, "fields", body["unit"])

	req = iron.NewRequest("POST", "/", strings.NewReader(strings.Repeat("a=1&", urlencoded.MaxPairs)))
	req.Header().Set("Content-Type", urlencoded.FormType)
	got, err := urlencoded.Body(req)
	require.NoError(t, err, "exactly MaxPairs pairs")
	assert.Len(t, got["a"], urlencoded.MaxPairs)

	_, err = urlencoded.Query(iron.NewRequest("GET", "/?"+many, nil))
	status, _ = clientError(t, err)
	assert.Equal(t, http.StatusBadRequest, status)
}
