package engine_test

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
)

// trailerEcho answers with the trailers it saw before reading the body and
// after reading it to its end; /skip does not read the body.
func trailerEcho(req *iron.Request) (*iron.Response, error) {
	before := req.Trailer()
	if req.EscapedPath() == "/skip" {
		return iron.With(http.StatusOK, fmt.Sprintf("before=%s after=%s", show(before), show(req.Trailer()))), nil
	}
	body, err := io.ReadAll(req.Body())
	if err != nil {
		return nil, err
	}
	after := req.Trailer()
	again := req.Trailer()
	same := (after == nil) == (again == nil)
	if after != nil {
		after.Set("X-Changed", "1") // the map is the request's: changes stay
		same = again.Get("X-Changed") == "1"
	}
	return iron.With(http.StatusOK, fmt.Sprintf("%s before=%s after=%s same=%v", body, show(before), show(after), same)), nil
}

func show(h http.Header) string {
	if h == nil {
		return "nil"
	}
	return fmt.Sprint(h)
}

func TestRequestTrailers(t *testing.T) {
	chunked := "POST %s HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n%s\r\n"
	for _, tc := range []struct {
		name, raw, want string
	}{
		{"trailers after the body", fmt.Sprintf(chunked, "/t", "x-sum: 1\r\nX-Sum: 2\r\nOther:  v \r\n"),
			"abc before=nil after=map[Other:[v] X-Changed:[1] X-Sum:[1 2]] same=true"},
		{"no trailers", fmt.Sprintf(chunked, "/t", ""), "abc before=nil after=nil same=true"},
		{"body not read", fmt.Sprintf(chunked, "/skip", "X-Sum: 1\r\n"), "before=nil after=nil"},
		{"a body with a length", "POST /t HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc", "abc before=nil after=nil same=true"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, addr := start(t, iron.HandlerFunc(trailerEcho))
			c := dial(t, addr)
			// A request without trailers follows on the same connection:
			// it must not see the trailers of the one before.
			_, err := io.WriteString(c, tc.raw+fmt.Sprintf(chunked, "/t", ""))
			require.NoError(t, err)
			br := bufio.NewReader(c)
			res, body := readResponse(t, br, "POST")
			assert.Equal(t, http.StatusOK, res.StatusCode)
			assert.Equal(t, tc.want, body)
			_, body = readResponse(t, br, "POST")
			assert.Equal(t, "abc before=nil after=nil same=true", body)
		})
	}
}

// TestTrailerIsAnnounced checks the Trailer header of a chunked answer
// (RFC 9110 section 6.6.2): it names the trailer fields known before the
// body is written, and is absent when the answer is not chunked.
func TestTrailerIsAnnounced(t *testing.T) {
	stream := iron.StreamBody(func(w io.Writer) error { _, err := io.WriteString(w, "data"); return err })
	for _, tc := range []struct {
		name    string
		proto   string
		body    iron.Body
		trailer http.Header
		header  http.Header
		want    []string // the names announced; nil for no Trailer header
	}{
		{"two trailers", "HTTP/1.1", stream, http.Header{"X-Checksum": {"42"}, "X-Count": {"1"}}, nil, []string{"X-Checksum", "X-Count"}},
		{"no trailers", "HTTP/1.1", stream, nil, nil, nil},
		{"the handler's own Trailer header wins", "HTTP/1.1", stream, http.Header{"X-Checksum": {"42"}}, http.Header{"Trailer": {"X-Mine"}}, []string{"X-Mine"}},
		{"a body of known length is not chunked", "HTTP/1.1", iron.StringBody("data"), http.Header{"X-Checksum": {"42"}}, nil, nil},
		{"HTTP/1.0 gets no chunks", "HTTP/1.0", stream, http.Header{"X-Checksum": {"42"}}, nil, nil},
		{"trailers that cannot be sent are not announced", "HTTP/1.1", stream, http.Header{"X-Bad": {"a\r\nb"}}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, addr := start(t, iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
				res := &iron.Response{Status: http.StatusOK, Header: tc.header, Trailer: tc.trailer}
				res.SetBody(tc.body)
				return res, nil
			}))
			out := exchange(t, addr, "GET / "+tc.proto+"\r\nHost: x\r\nConnection: close\r\n\r\n")
			head, _, ok := strings.Cut(out, "\r\n\r\n")
			require.True(t, ok, out)
			var got []string
			for _, line := range strings.Split(head, "\r\n") {
				if v, ok := strings.CutPrefix(line, "Trailer: "); ok {
					got = append(got, strings.Split(v, ", ")...)
				}
			}
			slices.Sort(got)
			assert.Equal(t, tc.want, got)
		})
	}
}
