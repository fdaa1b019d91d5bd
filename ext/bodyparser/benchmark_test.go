package bodyparser_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/bodyparser"
)

type benchItem struct {
	SKU   string  `json:"sku" bind:"required,nonempty"`
	Qty   int     `json:"qty" bind:"required,min=1,max=1000"`
	Price float64 `json:"price" bind:"min=0"`
}

type benchOrder struct {
	ID       int64       `json:"id" bind:"required"`
	Customer string      `json:"customer" bind:"required,min=1,max=100"`
	Email    string      `json:"email" bind:"required"`
	Status   string      `json:"status" bind:"oneof=new paid shipped"`
	Notes    string      `json:"notes" bind:"max=500"`
	Tags     []string    `json:"tags" bind:"max=10"`
	Items    []benchItem `json:"items" bind:"required,nonempty,max=100"`
}

// benchOrderBody is a JSON order of about 1 KiB.
var benchOrderBody = func() []byte {
	o := benchOrder{ID: 42, Customer: "Ann Example", Email: "ann@example.com", Status: "paid",
		Notes: strings.Repeat("fragile ", 12), Tags: []string{"gift", "express", "b2c"}}
	for i := range 17 {
		o.Items = append(o.Items, benchItem{SKU: "SKU-" + strconv.Itoa(1000+i), Qty: i + 1, Price: 9.99 + float64(i)})
	}
	b, err := json.Marshal(o)
	if err != nil {
		panic(err)
	}
	return b
}()

// benchRequest resets one reused slot (as a server does) to a POST of
// body, so that only the parsing is measured.
func benchRequest(slot *iron.Slot, body *bytes.Reader, contentType string, n int) {
	body.Seek(0, 0)
	slot.Reset(&iron.Incoming{
		Method: "POST", Target: "/", Proto: "HTTP/1.1", Host: "example.com",
		Header:        []iron.HeaderField{{Name: "Content-Type", Value: contentType}, {Name: "Content-Length", Value: strconv.Itoa(n)}},
		ContentLength: int64(n), Body: body,
	})
}

func BenchmarkStruct(b *testing.B) {
	if n := len(benchOrderBody); n < 900 || n > 1200 {
		b.Fatalf("body is %d bytes, want about 1 KiB", n)
	}
	b.Run(fmt.Sprintf("%dB/rules", len(benchOrderBody)), func(b *testing.B) { benchStruct[benchOrder](b) })
	type noRules struct {
		ID       int64  `json:"id"`
		Customer string `json:"customer"`
		Email    string `json:"email"`
		Status   string `json:"status"`
		Notes    string `json:"notes"`
		Tags     []string
		Items    []struct {
			SKU   string  `json:"sku"`
			Qty   int     `json:"qty"`
			Price float64 `json:"price"`
		} `json:"items"`
	}
	b.Run(fmt.Sprintf("%dB/no-rules", len(benchOrderBody)), func(b *testing.B) { benchStruct[noRules](b) })
	b.Run(fmt.Sprintf("%dB/encoding-json-alone", len(benchOrderBody)), func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var o noRules
			if err := json.Unmarshal(benchOrderBody, &o); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func benchStruct[T any](b *testing.B) {
	slot, body := new(iron.Slot), bytes.NewReader(benchOrderBody)
	req := slot.Request()
	b.ReportAllocs()
	b.SetBytes(int64(len(benchOrderBody)))
	for b.Loop() {
		benchRequest(slot, body, "application/json", len(benchOrderBody))
		if _, err := bodyparser.Struct[T](req); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRaw(b *testing.B) {
	slot, body := new(iron.Slot), bytes.NewReader(benchOrderBody)
	req := slot.Request()
	b.ReportAllocs()
	b.SetBytes(int64(len(benchOrderBody)))
	for b.Loop() {
		benchRequest(slot, body, "application/octet-stream", len(benchOrderBody))
		if _, err := bodyparser.Raw(req); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkJSON(b *testing.B) {
	slot, body := new(iron.Slot), bytes.NewReader(benchOrderBody)
	req := slot.Request()
	b.ReportAllocs()
	b.SetBytes(int64(len(benchOrderBody)))
	for b.Loop() {
		benchRequest(slot, body, "application/json", len(benchOrderBody))
		if _, err := bodyparser.JSON(req); err != nil {
			b.Fatal(err)
		}
	}
}
