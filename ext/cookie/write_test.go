package cookie_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/cookie"
)

func TestSet(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    *http.Cookie
		want string
	}{
		{"defaults", &http.Cookie{Name: "a", Value: "1"}, "a=1; Path=/; SameSite=Lax"},
		{"everything", &http.Cookie{
			Name: "id", Value: "x", Path: "/app", Domain: "example.com", MaxAge: 60,
			HttpOnly: true, Secure: true, SameSite: http.SameSiteStrictMode,
		}, "id=x; Path=/app; Domain=example.com; Max-Age=60; HttpOnly; Secure; SameSite=Strict"},
		{"expires", &http.Cookie{Name: "a", Value: "1", Expires: time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)},
			"a=1; Path=/; Expires=Wed, 02 Jan 2030 03:04:05 GMT; SameSite=Lax"},
		{"none with secure", &http.Cookie{Name: "a", Value: "1", Secure: true, SameSite: http.SameSiteNoneMode},
			"a=1; Path=/; Secure; SameSite=None"},
		{"empty value", &http.Cookie{Name: "a"}, "a=; Path=/; SameSite=Lax"},
		{"quoted ignored", &http.Cookie{Name: "a", Value: "1", Quoted: true}, "a=1; Path=/; SameSite=Lax"},
		{"base64 value", &http.Cookie{Name: "a", Value: "AZaz09-_=+/"}, "a=AZaz09-_=+/; Path=/; SameSite=Lax"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := iron.With(http.StatusOK)
			before := *tc.c
			require.NoError(t, cookie.Set(res, tc.c))
			assert.Equal(t, []string{tc.want}, res.Header.Values("Set-Cookie"))
			assert.Equal(t, before, *tc.c, "the caller's cookie is not changed")
		})
	}
}

func TestSetRefuses(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    *http.Cookie
		want error
		says string
	}{
		{"nil", nil, cookie.ErrMalformed, "nil"},
		{"empty name", &http.Cookie{Value: "1"}, cookie.ErrMalformed, "not a token"},
		{"space in name", &http.Cookie{Name: "a b", Value: "1"}, cookie.ErrMalformed, "not a token"},
		{"semicolon in value", &http.Cookie{Name: "a", Value: "1; Domain=evil"}, cookie.ErrMalformed, "byte ';'"},
		{"space in value", &http.Cookie{Name: "a", Value: "x y"}, cookie.ErrMalformed, "byte ' '"},
		{"comma in value", &http.Cookie{Name: "a", Value: "x,y"}, cookie.ErrMalformed, "byte ','"},
		{"quote in value", &http.Cookie{Name: "a", Value: `"x"`}, cookie.ErrMalformed, `byte '"'`},
		{"newline in value", &http.Cookie{Name: "a", Value: "x\r\nSet-Cookie: b=1"}, cookie.ErrMalformed, `byte '\r'`},
		{"non-ASCII value", &http.Cookie{Name: "a", Value: "café"}, cookie.ErrMalformed, "byte"},
		{"semicolon in path", &http.Cookie{Name: "a", Value: "1", Path: "/;x"}, cookie.ErrMalformed, "Path"},
		{"bad domain", &http.Cookie{Name: "a", Value: "1", Domain: "exa mple.com"}, cookie.ErrMalformed, "Domain"},
		{"none without secure", &http.Cookie{Name: "a", Value: "1", SameSite: http.SameSiteNoneMode}, cookie.ErrMalformed, "SameSite=None needs Secure"},
		{"partitioned without secure", &http.Cookie{Name: "a", Value: "1", Partitioned: true}, cookie.ErrMalformed, "partitioned"},
		{"too large", &http.Cookie{Name: "a", Value: strings.Repeat("x", cookie.MaxSize)}, cookie.ErrTooLarge, "4097 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := iron.With(http.StatusOK)
			err := cookie.Set(res, tc.c)
			require.ErrorIs(t, err, tc.want)
			assert.Contains(t, err.Error(), tc.says)
			assert.Empty(t, res.Header.Values("Set-Cookie"), "nothing is set")
		})
	}
}

func TestSetAtTheLimit(t *testing.T) {
	res := iron.With(http.StatusOK)
	require.NoError(t, cookie.Set(res, &http.Cookie{Name: "a", Value: strings.Repeat("x", cookie.MaxSize-1)}))
	assert.Len(t, res.Header.Values("Set-Cookie"), 1)
}

func TestSetAppendsNeverClobbers(t *testing.T) {
	res := iron.With(http.StatusOK, &http.Cookie{Name: "first", Value: "1"})
	require.NoError(t, cookie.Set(res, &http.Cookie{Name: "second", Value: "2"}))
	require.NoError(t, cookie.Set(res, &http.Cookie{Name: "second", Value: "3", Path: "/x"}))
	lines := res.Header.Values("Set-Cookie")
	require.Len(t, lines, 3)
	assert.True(t, strings.HasPrefix(lines[0], "first=1"))
	assert.True(t, strings.HasPrefix(lines[1], "second=2"))
	assert.True(t, strings.HasPrefix(lines[2], "second=3; Path=/x"))
}

func TestDelete(t *testing.T) {
	res := iron.With(http.StatusOK)
	require.NoError(t, cookie.Delete(res, &http.Cookie{Name: "__Host-id", Value: "ignored", Secure: true, MaxAge: 99}))
	assert.Equal(t, []string{"__Host-id=; Path=/; Max-Age=0; Secure; SameSite=Lax"}, res.Header.Values("Set-Cookie"))

	parsed, err := http.ParseSetCookie(res.Header.Get("Set-Cookie"))
	require.NoError(t, err)
	assert.Equal(t, -1, parsed.MaxAge, "net/http reads it as delete now")
}
