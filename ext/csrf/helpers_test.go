package csrf_test

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/cookie"
	"github.com/iron-go/iron/ext/csrf"
	"github.com/iron-go/iron/ext/session"
	"github.com/iron-go/iron/irontest"
)

var userKey = session.NewKey[string]("csrf_test.user")

// site answers like a small site: GET /form gives a token, POST /echo
// answers with the body it read, /login renews the session.
func site(req *iron.Request) (*iron.Response, error) {
	switch req.Path() {
	case "/form":
		tok, err := csrf.Token(req)
		if err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, tok), nil
	case "/login":
		if err := session.Renew(req); err != nil {
			return nil, err
		}
		if err := session.Set(req, userKey, "alice"); err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, "signed in"), nil
	case "/logout":
		return iron.With(http.StatusOK, "signed out"), session.Destroy(req)
	}
	body, err := io.ReadAll(req.Body())
	if err != nil {
		return nil, err
	}
	return iron.With(http.StatusOK, "read:"+string(body)), nil
}

func sessions() *session.Sessions {
	return session.NewCookie(cookie.NewEncrypted([][]byte{bytes.Repeat([]byte{3}, 32)}))
}

// protected links sessions and token middleware in front of site.
func protected(opts ...csrf.Option) *chain.Chain {
	return chain.New(iron.HandlerFunc(site)).Link(sessions()).Link(csrf.New(opts...))
}

// browser keeps one client's cookies for tests.
type browser struct {
	t       testing.TB
	h       iron.Handler
	cookies map[string]string
	last    *iron.Response
}

func newBrowser(t testing.TB, h iron.Handler) *browser {
	return &browser{t: t, h: h, cookies: map[string]string{}}
}

// do sends a request with the browser's cookies and the given headers
// ("Name: value"), keeps the cookies the answer sets, and returns its status
// and body.
func (b *browser) do(method, target, contentType, body string, headers ...string) (int, string) {
	b.t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := iron.NewRequest(method, target, r)
	if contentType != "" {
		req.Header().Set("Content-Type", contentType)
	}
	for _, h := range headers {
		name, value, _ := strings.Cut(h, ": ")
		req.Header().Add(name, value)
	}
	var pairs []string
	for n, v := range b.cookies {
		pairs = append(pairs, n+"="+v)
	}
	if len(pairs) > 0 {
		req.Header().Set("Cookie", strings.Join(pairs, "; "))
	}
	res := irontest.Do(b.h, req)
	b.last = res
	for _, line := range res.Header.Values("Set-Cookie") {
		set, err := http.ParseSetCookie(line)
		require.NoError(b.t, err)
		if set.MaxAge < 0 {
			delete(b.cookies, set.Name)
		} else {
			b.cookies[set.Name] = set.Value
		}
	}
	var out bytes.Buffer
	_, err := res.Body().WriteTo(&out)
	require.NoError(b.t, err)
	return res.StatusCode(), out.String()
}

// token visits the form page and returns its token.
func (b *browser) token() string {
	b.t.Helper()
	status, tok := b.do("GET", "/form", "", "")
	require.Equal(b.t, http.StatusOK, status, tok)
	return tok
}

const form = "application/x-www-form-urlencoded"
