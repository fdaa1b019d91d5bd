package urlencoded_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/urlencoded"
)

// BenchmarkBody parses a sign-in-sized form and a 20-field form of about
// 1 KiB, on one reused request as a server resets it.
func BenchmarkBody(b *testing.B) {
	var big strings.Builder
	for i := range 20 {
		if i > 0 {
			big.WriteByte('&')
		}
		big.WriteString("field" + strconv.Itoa(i) + "=" + strings.Repeat("v", 30) + "+with%20escapes")
	}
	for _, tc := range []struct{ name, body string }{
		{"signin", "username=alice&password=wonderland&csrf_token=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA"},
		{"20-fields", big.String()},
	} {
		b.Run(tc.name+"/"+strconv.Itoa(len(tc.body))+"B", func(b *testing.B) {
			slot, body := new(iron.Slot), strings.NewReader(tc.body)
			b.ReportAllocs()
			b.SetBytes(int64(len(tc.body)))
			for b.Loop() {
				body.Seek(0, 0)
				slot.Reset(&iron.Incoming{
					Method: "POST", Target: "/login", Proto: "HTTP/1.1", Host: "example.com",
					Header:        []iron.HeaderField{{Name: "Content-Type", Value: urlencoded.FormType}},
					ContentLength: int64(len(tc.body)), Body: body,
				})
				if _, err := urlencoded.Body(slot.Request()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkQuery(b *testing.B) {
	slot := new(iron.Slot)
	req := slot.Request()
	b.ReportAllocs()
	for b.Loop() {
		slot.Reset(&iron.Incoming{Method: "GET", Target: "/search?q=iron+go&page=2&sort=new", Proto: "HTTP/1.1", Host: "example.com"})
		if _, err := urlencoded.Query(req); err != nil {
			b.Fatal(err)
		}
	}
}
