package engine_test

import (
	"bufio"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
)

// Stats.Errors counts each answer of 500 or more once, whatever made it one.
func TestStatsCountsEachFailedAnswerOnce(t *testing.T) {
	for _, tc := range []struct {
		name       string
		res        *iron.Response
		wantStatus int
		wantErrors uint64
	}{
		{"ok", iron.With(200, "fine"), 200, 0},
		{"handler's 503", iron.With(503, "busy"), 503, 1},
		{"503 with a refused header", iron.With(503, http.Header{"X-Bad": {"a\r\nb"}}), 500, 1},
		{"200 with a refused header", iron.With(200, http.Header{"X-Bad": {"a\nb"}}), 500, 1},
		{"a status of four digits", &iron.Response{Status: 1000}, 500, 1},
		{"an interim status", &iron.Response{Status: 101}, 500, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, addr := start(t, iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return tc.res, nil }),
				quietLogger())
			c := dial(t, addr)
			_, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
			require.NoError(t, err)
			res, _ := readResponse(t, bufio.NewReader(c), "GET")
			assert.Equal(t, tc.wantStatus, res.StatusCode)
			assert.Equal(t, tc.wantErrors, e.Stats().Errors)
		})
	}
}
