package bodyparser_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
	"github.com/iron-go/iron/ext/bodyparser"
)

func TestRaw(t *testing.T) {
	const limit = 8
	for _, tc := range []struct {
		name       string
		body       io.Reader // nil: no body
		want       string
		wantStatus int
	}{
		{"no body", nil, "", 0},
		{"empty body", strings.NewReader(""), "", 0},
		{"known length", strings.NewReader("abc"), "abc", 0},
		{"chunked", chunked{strings.NewReader("abc")}, "abc", 0},
		{"exactly the limit", strings.NewReader("12345678"), "12345678", 0},
		{"exactly the limit, chunked", chunked{strings.NewReader("12345678")}, "12345678", 0},
		{"one byte over", strings.NewReader("123456789"), "", http.StatusRequestEntityTooLarge},
		{"one byte over, chunked", chunked{strings.NewReader("123456789")}, "", http.StatusRequestEntityTooLarge},
		{"far over, chunked", chunked{strings.NewReader(strings.Repeat("x", 1<<20))}, "", http.StatusRequestEntityTooLarge},
		{"binary", bytes.NewReader([]byte{0, 0xff, '\n'}), "\x00\xff\n", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := iron.NewRequest("POST", "/", tc.body)
			require.NoError(t, bodyparser.New(bodyparser.MaxBodyBytes(limit)).Before(req))
			b, err := bodyparser.Raw(req)
			if tc.wantStatus != 0 {
				status, body := answer(t, err)
				assert.Equal(t, tc.wantStatus, status)
				assert.ErrorIs(t, err, iron.ErrBodyTooLarge)
				assert.EqualValues(t, limit, body.Limit)
				assert.Equal(t, "bytes", body.Unit)
				assert.Equal(t, "request body over the limit of 8 bytes", body.Error)
				return
			}
			require.NoError(t, err)
			assert.NotNil(t, b, "an empty body is an empty slice, not nil")
			assert.Equal(t, tc.want, string(b))
			rest, err := io.ReadAll(req.Body())
			require.NoError(t, err)
			assert.Equal(t, tc.want, string(rest), "the body stays readable")
		})
	}
}

// TestRawIsReadOnce: the body is read once; later calls get the cached
// bytes, or the cached failure, never what a second read would find.
func TestRawIsReadOnce(t *testing.T) {
	src := &countingReader{r: strings.NewReader("hello")}
	req := iron.NewRequest("POST", "/", chunked{src})
	a, err := bodyparser.Raw(req)
	require.NoError(t, err)
	b, err := bodyparser.Raw(req)
	require.NoError(t, err)
	assert.Equal(t, "hello", string(b))
	assert.Same(t, &a[0], &b[0], "the same cached bytes")
	assert.Equal(t, 2, src.reads, "one read for the data, one for EOF")

	req = iron.NewRequest("POST", "/", chunked{strings.NewReader("123456789")})
	require.NoError(t, bodyparser.New(bodyparser.MaxBodyBytes(4)).Before(req))
	_, err1 := bodyparser.Raw(req)
	_, err2 := bodyparser.Raw(req)
	assert.ErrorIs(t, err1, iron.ErrBodyTooLarge)
	assert.Same(t, err1, err2, "the failure is cached: the rest of the body is not read as if it were all")
}

type countingReader struct {
	r     io.Reader
	reads int
}

func (c *countingReader) Read(p []byte) (int, error) { c.reads++; return c.r.Read(p) }

// failingBody fails with err after handing out data.
type failingBody struct {
	data string
	err  error
}

func (f *failingBody) Read(p []byte) (int, error) {
	if f.data == "" {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestRawMapsReadErrors(t *testing.T) {
	for _, tc := range []struct {
		name       string
		err        error
		wantStatus int
		wantIs     error
	}{
		{"the engine's body limit", engine.ErrBodyTooLarge, 413, iron.ErrBodyTooLarge},
		{"net/http's body limit", &http.MaxBytesError{Limit: 5}, 413, iron.ErrBodyTooLarge},
		{"a short body", io.ErrUnexpectedEOF, 400, bodyparser.ErrMalformed},
		{"the engine's broken chunked framing", engine.ErrMalformedBody, 400, engine.ErrMalformedBody},
		{"the connection failing", errors.New("connection reset by peer"), 500, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := iron.NewRequest("POST", "/", chunked{&failingBody{data: "abc", err: tc.err}})
			_, err := bodyparser.Raw(req)
			status, _ := answer(t, err)
			assert.Equal(t, tc.wantStatus, status)
			if tc.wantIs != nil {
				assert.ErrorIs(t, err, tc.wantIs)
			}
			assert.ErrorIs(t, err, tc.err, "the cause is kept")
		})
	}
}

func TestReadError(t *testing.T) {
	assert.NoError(t, bodyparser.ReadError(nil))
	_, body := answer(t, bodyparser.ReadError(&http.MaxBytesError{Limit: 5}))
	assert.EqualValues(t, 5, body.Limit, "net/http says its limit: the client hears it")
	_, body = answer(t, bodyparser.ReadError(engine.ErrBodyTooLarge))
	assert.Zero(t, body.Limit, "the engine's error does not say its limit")
	assert.Equal(t, "request body too large", body.Error)
	_, body = answer(t, bodyparser.ReadError(iron.ErrBodyTooLarge))
	assert.Equal(t, "request body too large", body.Error)
}
