package cookie_test

import (
	"bytes"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/iron-go/iron/ext/cookie"
)

// FuzzParse checks Get and All against net/http's parser, line by line: the
// same cookies, in the same order, with the same values.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"a=1; b=2", `a="q"; b`, " a = 1 ;;", "a=\x01; a=2", `a=""; b="`, "é=1; a=é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if strings.Count(line, ";") >= 3000 {
			return // net/http returns nothing past its count limit
		}
		hr := &http.Request{Header: http.Header{"Cookie": {line}}}
		want := hr.Cookies()
		got := cookie.All(requestWith(line))
		if len(got) != len(want) {
			t.Fatalf("%q: All found %d cookies, net/http %d", line, len(got), len(want))
		}
		for i := range want {
			g, w := got[i], want[i]
			if g.Name != w.Name || g.Value != w.Value || g.Quoted != w.Quoted {
				t.Fatalf("%q: cookie %d is %+v, net/http says %+v", line, i, *got[i], *want[i])
			}
			first, _ := hr.Cookie(want[i].Name)
			if v, ok := cookie.Get(requestWith(line), want[i].Name); !ok || v != first.Value {
				t.Fatalf("%q: Get(%q) = %q, %v; net/http says %q", line, want[i].Name, v, ok, first.Value)
			}
		}
	})
}

// FuzzDecode feeds arbitrary values to both kinds of codec: never a panic,
// never a value that the codec did not make, and every value it makes comes
// back as it went in.
func FuzzDecode(f *testing.F) {
	signed := cookie.NewSigned([][]byte{key(1), key(2)})
	encrypted := cookie.NewEncrypted([][]byte{key(1), key(2)})
	f.Add("session", signed.Encode("session", []byte("v"), time.Now().Add(time.Hour)), []byte("v"))
	f.Add("session", encrypted.Encode("session", []byte("v"), time.Now().Add(time.Hour)), []byte(""))
	f.Add("x", "AQ", []byte{0})
	f.Add("", "Ag", []byte("\xff\x00"))
	f.Fuzz(func(t *testing.T, name, encoded string, value []byte) {
		for _, c := range []*cookie.Codec{signed, encrypted} {
			got, err := c.Decode(name, encoded)
			if err == nil {
				// Only a value the seeds made decodes: the fuzzer cannot
				// forge one.
				if string(got) != "v" || name != "session" {
					t.Fatalf("Decode(%q, %q) accepted a forged value %q", name, encoded, got)
				}
			} else if !errors.Is(err, cookie.ErrInvalid) && !errors.Is(err, cookie.ErrExpired) {
				t.Fatalf("Decode(%q, %q): unexpected error %v", name, encoded, err)
			}
			back, err := c.Decode(name, c.Encode(name, value, time.Time{}))
			if err != nil || !bytes.Equal(back, value) {
				t.Fatalf("round trip of %q under %q: %q, %v", value, name, back, err)
			}
		}
	})
}
