package session_test

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/iron-go/iron/ext/session"
	"github.com/iron-go/iron/ext/session/memstore"
)

// FuzzLoad feeds the middleware hostile session cookies, and hostile data
// behind authentic ones (the record decoder): whatever comes, the request
// succeeds, with the saved session or a fresh one, never an error.
func FuzzLoad(f *testing.F) {
	// NOW in data stands for the current Unix time, so that records
	// the fuzzer derives from a seed can be current and load.
	f.Add("ABCDEFGHIJKLMNOPQRSTUVWXYZ", []byte(`{"id":"QRSTUVWXYZ234567ABCDEFGHIJ","created":NOW,"saved":NOW,"values":{"user":"alice"}}`))
	f.Add("x", []byte(`{"id":"QRSTUVWXYZ234567ABCDEFGHIJ","created":NOW,"saved":NOW,"values":{"user":5,"count":"x"}}`))
	codec := testCodec()
	store := memstore.New()
	f.Cleanup(func() { store.Close() })
	cookieSessions := session.NewCookie(codec)
	storeSessions := session.New(store)
	const id = "QRSTUVWXYZ234567ABCDEFGHIJ"
	f.Fuzz(func(t *testing.T, value string, data []byte) {
		data = bytes.ReplaceAll(data, []byte("NOW"), strconv.AppendInt(nil, time.Now().Unix(), 10))
		for _, tc := range []struct {
			s      *session.Sessions
			cookie string
		}{
			{cookieSessions, value},
			{cookieSessions, codec.Encode("session", data, time.Now().Add(time.Hour))},
			{storeSessions, value},
			{storeSessions, id},
		} {
			if err := store.Save(context.Background(), id, data, time.Hour); err != nil {
				t.Fatal(err)
			}
			c := newClient(t, sessionChain(tc.s))
			c.cookies["session"] = tc.cookie
			if status, body := c.do("GET", "/whoami"); status != http.StatusOK {
				t.Fatalf("cookie %q, data %q: %d %s", tc.cookie, data, status, body)
			}
			if status, body := c.do("GET", "/set?user=bob"); status != http.StatusOK {
				t.Fatalf("cookie %q, data %q: %d %s", tc.cookie, data, status, body)
			}
			if body := c.get("/whoami"); body != "bob" {
				t.Fatalf("cookie %q, data %q: the session did not keep a value: %q", tc.cookie, data, body)
			}
		}
	})
}
