package params_test

import (
	"strings"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/params"
)

// BenchmarkForm gathers a query string and a form with bracket keys, on
// one reused request as a server resets it.
func BenchmarkForm(b *testing.B) {
	const body = "user[name]=Ann+Lee&user[email]=ann%40example.com&tags[]=a&tags[]=b&items[0][sku]=X1&items[0][qty]=2&items[1][sku]=Y2&items[1][qty]=1&note=hello"
	slot, r := new(iron.Slot), strings.NewReader(body)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		r.Seek(0, 0)
		slot.Reset(&iron.Incoming{
			Method: "POST", Target: "/orders?page=2&sort=new", Proto: "HTTP/1.1", Host: "example.com",
			Header:        []iron.HeaderField{{Name: "Content-Type", Value: "application/x-www-form-urlencoded"}},
			ContentLength: int64(len(body)), Body: r,
		})
		m, err := params.Get(slot.Request())
		if err != nil || m.String("items.1.sku") != "Y2" {
			b.Fatal(err, m)
		}
	}
}
