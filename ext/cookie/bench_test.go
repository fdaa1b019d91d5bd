package cookie_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/cookie"
)

// A value the size of a small session: a user name, a CSRF token, times.
var benchValue = bytes.Repeat([]byte("x"), 200)

func BenchmarkEncode(b *testing.B) {
	for kind, c := range codecs(key(1)) {
		b.Run(kind, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c.Encode("session", benchValue, time.Time{})
			}
		})
	}
}

func BenchmarkDecode(b *testing.B) {
	for kind, c := range codecs(key(1), key(2)) {
		enc := c.Encode("session", benchValue, time.Time{})
		b.Run(kind, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Decode("session", enc); err != nil {
					b.Fatal(err)
				}
			}
		})
		// A value under the second key: the cost of a rotation.
		old := codecs(key(2))[kind].Encode("session", benchValue, time.Time{})
		b.Run(kind+"/second-key", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Decode("session", old); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkGet(b *testing.B) {
	req := iron.NewRequest("GET", "/", nil)
	req.Header().Set("Cookie", "_ga=GA1.2.3; theme=dark; session=abcdefghijklmnop; lang=en")
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := cookie.Get(req, "session"); !ok {
			b.Fatal("not found")
		}
	}
}
