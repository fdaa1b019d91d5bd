package engine_test

import (
	"bufio"
	"crypto/tls"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/engine"
)

const earlyHints = "HTTP/1.1 103 Early Hints\r\nLink: </app.css>; rel=preload; as=style\r\n\r\n"

var hints = http.Header{"Link": {"</app.css>; rel=preload; as=style"}}

// hinting sends 103 Early Hints, then waits until the test lets it go, so
// that the test sees the hints arrive while the handler still works.
func hinting(proceed <-chan struct{}, errs chan<- error) iron.Handler {
	return iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		if req.Path() != "/hints" {
			return iron.With(http.StatusOK, req.Path()), nil
		}
		errs <- iron.Interim(req, http.StatusEarlyHints, hints)
		<-proceed
		return iron.With(http.StatusOK, "page"), nil
	})
}

// An interim answer leaves at once, before the handler returns, as its
// exact bytes; the final answer follows.
func TestInterimEarlyHints(t *testing.T) {
	proceed, errs := make(chan struct{}), make(chan error, 1)
	_, addr := start(t, hinting(proceed, errs))
	c := dial(t, addr)
	_, err := io.WriteString(c, "GET /first HTTP/1.1\r\nHost: x\r\n\r\nGET /hints HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	br := bufio.NewReader(c)
	_, body := readResponse(t, br, "GET")
	assert.Equal(t, "/first", body, "the answer before goes first")
	got := make([]byte, len(earlyHints))
	_, err = io.ReadFull(br, got)
	require.NoError(t, err)
	assert.Equal(t, earlyHints, string(got))
	assert.NoError(t, <-errs)
	close(proceed)
	res, body := readResponse(t, br, "GET")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "page", body)
	assert.Empty(t, res.Header.Get("Link"), "the hints are no part of the final answer")
}

func TestInterim(t *testing.T) {
	for _, tc := range []struct {
		name    string
		request string
		send    func(req *iron.Request) error
		wantErr bool
		want    string // what comes before the final answer
	}{
		{name: "102 then 103",
			send: func(req *iron.Request) error {
				if err := iron.Interim(req, http.StatusProcessing, nil); err != nil {
					return err
				}
				return iron.Interim(req, http.StatusEarlyHints, hints)
			},
			want: "HTTP/1.1 102 Processing\r\n\r\n" + earlyHints},
		{name: "a status with no reason phrase",
			send: func(req *iron.Request) error { return iron.Interim(req, 199, nil) },
			want: "HTTP/1.1 199 \r\n\r\n"},
		{name: "framing fields are left out",
			send: func(req *iron.Request) error {
				return iron.Interim(req, http.StatusEarlyHints, http.Header{"Link": hints["Link"],
					"Content-Length": {"5"}, "Transfer-Encoding": {"chunked"}, "Connection": {"close"}, "Trailer": {"X"}})
			},
			want: earlyHints},
		{name: "none to HTTP/1.0",
			request: "GET / HTTP/1.0\r\n\r\n",
			send:    func(req *iron.Request) error { return iron.Interim(req, http.StatusEarlyHints, hints) }},
		{name: "a field that could split the answer",
			send: func(req *iron.Request) error {
				return iron.Interim(req, http.StatusEarlyHints, http.Header{"Link": {"a\r\nb"}})
			},
			wantErr: true},
		{name: "a name that is not a token",
			send: func(req *iron.Request) error {
				return iron.Interim(req, http.StatusEarlyHints, http.Header{"Li nk": {"a"}})
			},
			wantErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs := make(chan error, 1)
			_, addr := start(t, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
				errs <- tc.send(req)
				return iron.With(http.StatusOK, "page"), nil
			}))
			request := tc.request
			if request == "" {
				request = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
			}
			got := exchange(t, addr, request)
			if tc.wantErr {
				assert.Error(t, <-errs)
			} else {
				assert.NoError(t, <-errs)
			}
			before, _, ok := strings.Cut(got, "HTTP/1.1 200 OK\r\n")
			if !ok {
				before, _, ok = strings.Cut(got, "HTTP/1.0 200 OK\r\n")
			}
			require.True(t, ok, "a final answer: %q", got)
			assert.Equal(t, tc.want, before)
		})
	}
}

// Once the final answer has begun (a streaming body is being written), an
// interim answer is refused.
func TestInterimAfterTheFinalAnswer(t *testing.T) {
	errs := make(chan error, 1)
	_, addr := start(t, iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, func(w io.Writer) error {
			errs <- iron.Interim(req, http.StatusEarlyHints, hints)
			_, err := io.WriteString(w, "streamed")
			return err
		}), nil
	}))
	got := exchange(t, addr, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	assert.Error(t, <-errs)
	assert.True(t, strings.HasPrefix(got, "HTTP/1.1 200 OK\r\n"), got)
	assert.NotContains(t, got, "103")
}

// Over TLS, where a write cannot stop half-way on a worker, the interim
// answer leaves with the final one, still before it.
func TestInterimOverTLS(t *testing.T) {
	proceed, errs := make(chan struct{}), make(chan error, 1)
	close(proceed)
	_, addr := start(t, hinting(proceed, errs),
		engine.TLSConfig(&tls.Config{Certificates: []tls.Certificate{selfSigned(t)}}))
	c := tls.Client(dial(t, addr), &tls.Config{InsecureSkipVerify: true})
	_, err := io.WriteString(c, "GET /hints HTTP/1.1\r\nHost: x\r\n\r\n")
	require.NoError(t, err)
	br := bufio.NewReader(c)
	got := make([]byte, len(earlyHints))
	_, err = io.ReadFull(br, got)
	require.NoError(t, err)
	assert.Equal(t, earlyHints, string(got))
	assert.NoError(t, <-errs)
	_, body := readResponse(t, br, "GET")
	assert.Equal(t, "page", body)
}
