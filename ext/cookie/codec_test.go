package cookie_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/cookie"
)

func key(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

// codecs returns a signed and an encrypted codec under the same keys.
func codecs(keys ...[]byte) map[string]*cookie.Codec {
	return map[string]*cookie.Codec{
		"signed":    cookie.NewSigned(keys),
		"encrypted": cookie.NewEncrypted(keys),
	}
}

func TestCodecRoundTrip(t *testing.T) {
	for kind, c := range codecs(key(1)) {
		for _, v := range [][]byte{nil, []byte("x"), []byte("dark; with \x00 bytes"), bytes.Repeat([]byte{0xff}, 3000)} {
			enc := c.Encode("prefs", v, time.Time{})
			for i := 0; i < len(enc); i++ {
				require.Truef(t, isCookieOctet(enc[i]), "%s: byte %q of the encoding is not a cookie-octet", kind, enc[i])
			}
			got, err := c.Decode("prefs", enc)
			require.NoError(t, err, kind)
			assert.Equal(t, string(v), string(got), kind)
		}
	}
}

func isCookieOctet(b byte) bool {
	return b == 0x21 || (0x23 <= b && b <= 0x2b) || (0x2d <= b && b <= 0x3a) ||
		(0x3c <= b && b <= 0x5b) || (0x5d <= b && b <= 0x7e)
}

func TestEncryptedHidesTheValue(t *testing.T) {
	enc := cookie.NewEncrypted([][]byte{key(1)})
	a := enc.Encode("n", []byte("secret-value"), time.Time{})
	b := enc.Encode("n", []byte("secret-value"), time.Time{})
	assert.NotEqual(t, a, b, "a fresh nonce each time")
	raw, err := base64.RawURLEncoding.DecodeString(a)
	require.NoError(t, err)
	assert.NotContains(t, string(raw), "secret-value")
	assert.True(t, enc.Encrypts())

	sig := cookie.NewSigned([][]byte{key(1)})
	raw, err = base64.RawURLEncoding.DecodeString(sig.Encode("n", []byte("public-value"), time.Time{}))
	require.NoError(t, err)
	assert.Contains(t, string(raw), "public-value", "signed values are readable")
	assert.False(t, sig.Encrypts())
}

// TestCodecRefuses covers every way a value can fail to be authentic: each
// must be reported as ErrInvalid, never a panic, never a value.
func TestCodecRefuses(t *testing.T) {
	for kind, c := range codecs(key(1)) {
		good := c.Encode("prefs", []byte("dark"), time.Time{})
		raw, err := base64.RawURLEncoding.DecodeString(good)
		require.NoError(t, err)
		cases := map[string]struct{ name, value string }{
			"other cookie name":   {"other", good},
			"name prefix":         {"pref", good},
			"name longer":         {"prefsx", good},
			"empty":               {"prefs", ""},
			"not base64":          {"prefs", "!!!!"},
			"padded base64":       {"prefs", good + "="},
			"std base64 alphabet": {"prefs", strings.NewReplacer("-", "+", "_", "/").Replace(good) + "+/"},
			"truncated by one":    {"prefs", good[:len(good)-1]},
			"truncated to half":   {"prefs", good[:len(good)/2]},
			"one byte":            {"prefs", "AQ"},
			"huge":                {"prefs", strings.Repeat("A", 1<<20)},
			"other key":           {"prefs", codecs(key(2))[kind].Encode("prefs", []byte("dark"), time.Time{})},
			"extended":            {"prefs", base64.RawURLEncoding.EncodeToString(append(raw, 0))},
		}
		// Flip each bit of each byte in turn.
		for i := range raw {
			for bit := 0; bit < 8; bit++ {
				flipped := bytes.Clone(raw)
				flipped[i] ^= 1 << bit
				cases[fmt.Sprintf("byte %d bit %d flipped", i, bit)] =
					struct{ name, value string }{"prefs", base64.RawURLEncoding.EncodeToString(flipped)}
			}
		}
		for name, tc := range cases {
			got, err := c.Decode(tc.name, tc.value)
			assert.ErrorIsf(t, err, cookie.ErrInvalid, "%s: %s", kind, name)
			assert.Nilf(t, got, "%s: %s", kind, name)
		}
	}
}

func TestSignedAndEncryptedDoNotMix(t *testing.T) {
	c := codecs(key(1))
	_, err := c["encrypted"].Decode("n", c["signed"].Encode("n", []byte("v"), time.Time{}))
	assert.ErrorIs(t, err, cookie.ErrInvalid)
	_, err = c["signed"].Decode("n", c["encrypted"].Encode("n", []byte("v"), time.Time{}))
	assert.ErrorIs(t, err, cookie.ErrInvalid)
}

func TestKeyRotation(t *testing.T) {
	for _, mk := range []func([][]byte, ...cookie.Option) *cookie.Codec{cookie.NewSigned, cookie.NewEncrypted} {
		old := mk([][]byte{key(1)})
		rotated := mk([][]byte{key(2), key(1)})
		retired := mk([][]byte{key(2)})

		fromOld := old.Encode("n", []byte("v"), time.Time{})
		got, err := rotated.Decode("n", fromOld)
		require.NoError(t, err, "the old key still opens old values")
		assert.Equal(t, "v", string(got))

		fromRotated := rotated.Encode("n", []byte("v"), time.Time{})
		_, err = old.Decode("n", fromRotated)
		assert.ErrorIs(t, err, cookie.ErrInvalid, "the first key, the new one, makes new values")
		_, err = retired.Decode("n", fromRotated)
		assert.NoError(t, err)

		_, err = retired.Decode("n", fromOld)
		assert.ErrorIs(t, err, cookie.ErrInvalid, "a retired key opens nothing")
	}
}

func TestExpiry(t *testing.T) {
	for kind, c := range codecs(key(1)) {
		_, err := c.Decode("n", c.Encode("n", []byte("v"), time.Now().Add(-time.Second)))
		assert.ErrorIs(t, err, cookie.ErrExpired, kind)
		_, err = c.Decode("n", c.Encode("n", []byte("v"), time.Now().Add(time.Hour)))
		assert.NoError(t, err, kind)
	}
}

func TestDefaultExpiryIsMaxAge(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := cookie.NewEncrypted([][]byte{key(1)}, cookie.MaxAge(time.Hour))
		assert.Equal(t, time.Hour, c.MaxAge())
		enc := c.Encode("n", []byte("v"), time.Time{})
		time.Sleep(time.Hour - time.Second)
		_, err := c.Decode("n", enc)
		assert.NoError(t, err)
		time.Sleep(time.Second)
		_, err = c.Decode("n", enc)
		assert.ErrorIs(t, err, cookie.ErrExpired)
	})
}

func TestCodecSetAndGet(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		for kind, c := range codecs(key(1)) {
			res := iron.With(http.StatusOK, &http.Cookie{Name: "other", Value: "1"})
			ck := &http.Cookie{Name: "theme", Value: "dark mode; ok", MaxAge: 60, HttpOnly: true}
			require.NoError(t, c.Set(res, ck), kind)
			assert.Equal(t, "dark mode; ok", ck.Value, "the caller's cookie is not changed")
			lines := res.Header.Values("Set-Cookie")
			require.Len(t, lines, 2, "appended after the other cookie")
			set, err := http.ParseSetCookie(lines[1])
			require.NoError(t, err)
			assert.Equal(t, 60, set.MaxAge)
			assert.True(t, set.HttpOnly)

			req := requestWith("theme=" + set.Value)
			v, err := c.Get(req, "theme")
			require.NoError(t, err, kind)
			assert.Equal(t, "dark mode; ok", v)

			_, err = c.Get(req, "absent")
			assert.ErrorIs(t, err, cookie.ErrNoCookie)
			_, err = c.Get(requestWith("theme="+set.Value+"x"), "theme")
			assert.ErrorIs(t, err, cookie.ErrInvalid)

			time.Sleep(61 * time.Second)
			_, err = c.Get(req, "theme")
			assert.ErrorIs(t, err, cookie.ErrExpired, "the value expires with the cookie's MaxAge")
		}
	})
}

func TestCodecSetExpiresAttribute(t *testing.T) {
	c := cookie.NewSigned([][]byte{key(1)})
	res := iron.With(http.StatusOK)
	require.NoError(t, c.Set(res, &http.Cookie{Name: "n", Value: "v", Expires: time.Now().Add(-time.Minute)}))
	set, err := http.ParseSetCookie(res.Header.Get("Set-Cookie"))
	require.NoError(t, err)
	_, err = c.Decode("n", set.Value)
	assert.ErrorIs(t, err, cookie.ErrExpired, "the value expires at the cookie's Expires")

	assert.ErrorIs(t, c.Set(res, nil), cookie.ErrMalformed)
	assert.ErrorIs(t, c.Set(res, &http.Cookie{Name: "bad name", Value: "v"}), cookie.ErrMalformed)
}

func TestCodecConstructorsPanic(t *testing.T) {
	for _, tc := range []struct {
		name string
		fn   func()
		says string
	}{
		{"no keys", func() { cookie.NewSigned(nil) }, "cookie: NewSigned: no key given"},
		{"short key", func() { cookie.NewEncrypted([][]byte{key(1), make([]byte, 31)}) }, "cookie: NewEncrypted: key 2 is 31 bytes, at least 32"},
		{"short max age", func() { cookie.NewSigned([][]byte{key(1)}, cookie.MaxAge(time.Millisecond)) }, "cookie: MaxAge(1ms): must be at least 1s"},
	} {
		t.Run(tc.name, func(t *testing.T) { assert.True(t, strings.HasPrefix(panicMessage(tc.fn), tc.says)) })
	}
}

// panicMessage returns the message fn panics with, or "" when it returns.
func panicMessage(fn func()) (msg string) {
	defer func() { msg = fmt.Sprint(recover()) }()
	fn()
	return ""
}

func TestDeriveKeys(t *testing.T) {
	long := strings.Repeat("s", cookie.MinSecretLength)
	keys, err := cookie.DeriveKeys(long, long+"2")
	require.NoError(t, err)
	require.Len(t, keys, 2)
	assert.Len(t, keys[0], 32)
	assert.NotEqual(t, keys[0], keys[1])
	again, err := cookie.DeriveKeys(long)
	require.NoError(t, err)
	assert.Equal(t, keys[0], again[0], "the same secret makes the same key on every instance")
	assert.NotEqual(t, []byte(long), keys[0])

	for _, tc := range []struct {
		name    string
		secrets []string
		says    string
	}{
		{"none", nil, "no secret given"},
		{"empty", []string{""}, "secret 1 is 0 bytes, at least 32"},
		{"second short", []string{long, "short"}, "secret 2 is 5 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := cookie.DeriveKeys(tc.secrets...)
			require.ErrorIs(t, err, cookie.ErrWeakSecret)
			assert.Contains(t, err.Error(), tc.says)
		})
	}
}
