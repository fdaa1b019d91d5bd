package contract_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/iron-go/iron/benchmarks/peers/internal/contract"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestVerify(t *testing.T) {
	plain, jsonEP, user := contract.Endpoints[0], contract.Endpoints[1], contract.Endpoints[2]
	for _, tc := range []struct {
		name   string
		ep     contract.Endpoint
		status int
		ctype  string
		body   string
		ok     bool
	}{
		{"plaintext", plain, 200, "text/plain; charset=utf-8", "Hello, World!", true},
		{"plaintext, content type in capitals", plain, 200, "Text/Plain", "Hello, World!", true},
		{"plaintext, wrong status", plain, 404, "text/plain", "Hello, World!", false},
		{"plaintext, wrong type", plain, 200, "text/html", "Hello, World!", false},
		{"plaintext, trailing newline", plain, 200, "text/plain", "Hello, World!\n", false},
		{"json, encoder's newline", jsonEP, 200, "application/json", "{\"message\":\"Hello, World!\"}\n", true},
		{"json, spaced", jsonEP, 200, "application/json; charset=utf-8", `{ "message" : "Hello, World!" }`, true},
		{"json, other message", jsonEP, 200, "application/json", `{"message":"Hello"}`, false},
		{"json, extra field", jsonEP, 200, "application/json", `{"message":"Hello, World!","x":1}`, false},
		{"json, not JSON", jsonEP, 200, "application/json", `Hello`, false},
		{"json, as text", jsonEP, 200, "text/plain", `{"message":"Hello, World!"}`, false},
		{"user, any type", user, 200, "", contract.UserID, true},
		{"user, wrong id", user, 200, "text/plain", "1", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.ep.Verify(tc.status, tc.ctype, []byte(tc.body))
			if tc.ok {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, contract.ErrWrongAnswer)
			}
		})
	}
}

func TestLookup(t *testing.T) {
	eps, err := contract.Lookup([]string{"user", "plaintext"})
	require.NoError(t, err)
	require.Len(t, eps, 2)
	assert.Equal(t, "plaintext", eps[0].Name, "the contract's order")
	assert.Equal(t, "user", eps[1].Name)
	_, err = contract.Lookup([]string{"plaintext", "xml"})
	assert.ErrorContains(t, err, `"xml"`)
	_, err = contract.Lookup(nil)
	assert.Error(t, err)
}

// contractMux answers the contract with net/http; wrongJSON breaks /json.
func contractMux(wrongJSON bool) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /plaintext", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("Hello, World!"))
	})
	mux.HandleFunc("GET /json", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		msg := "Hello, World!"
		if wrongJSON {
			msg = "Goodbye"
		}
		_ = json.NewEncoder(w).Encode(map[string]string{"message": msg})
	})
	mux.HandleFunc("GET /user/{id}", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(r.PathValue("id")))
	})
	return mux
}

func TestCheck(t *testing.T) {
	ctx := context.Background()
	good := httptest.NewServer(contractMux(false))
	defer good.Close()
	bad := httptest.NewServer(contractMux(true))
	defer bad.Close()
	addr := func(s *httptest.Server) string { return s.Listener.Addr().String() }

	assert.NoError(t, contract.Check(ctx, addr(good), contract.Endpoints))
	assert.NoError(t, contract.CheckPipelined(ctx, addr(good), contract.Endpoints, 16, 5*time.Second))

	assert.ErrorIs(t, contract.Check(ctx, addr(bad), contract.Endpoints), contract.ErrWrongAnswer)
	err := contract.CheckPipelined(ctx, addr(bad), contract.Endpoints, 4, 5*time.Second)
	assert.ErrorIs(t, err, contract.ErrWrongAnswer)
	assert.ErrorContains(t, err, "pipelined answer 2 of 4")
	assert.NoError(t, contract.Check(ctx, addr(bad), contract.Endpoints[:1]), "only the endpoints asked for")
}

// A server that answers only the first of several pipelined requests fails
// the check within its timeout instead of hanging.
func TestCheckPipelinedTimesOut(t *testing.T) {
	srv := httptest.NewUnstartedServer(contractMux(false))
	srv.Config.SetKeepAlivesEnabled(false) // answers one request, then closes
	srv.Start()
	defer srv.Close()
	start := time.Now()
	err := contract.CheckPipelined(context.Background(), srv.Listener.Addr().String(), contract.Endpoints, 3, 5*time.Second)
	assert.ErrorIs(t, err, contract.ErrWrongAnswer)
	assert.ErrorContains(t, err, "answer 2 of 3")
	assert.Less(t, time.Since(start), 5*time.Second)
}
