package ratelimit_test

import (
	"testing"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/ratelimit"
)

// BenchmarkMemory is the memory limiter's cost per allowed request: the
// count (default key from the peer address) and the headers on a 200.
func BenchmarkMemory(b *testing.B) {
	rl := ratelimit.New(1<<30, time.Second)
	req := from("198.51.100.1:1")
	b.ReportAllocs()
	for b.Loop() {
		if err := rl.Before(req); err != nil {
			b.Fatal(err)
		}
		if _, err := rl.After(req, iron.With(200)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMemoryCountOnly is the count alone, with a key that costs
// nothing to make.
func BenchmarkMemoryCountOnly(b *testing.B) {
	rl := ratelimit.New(1<<30, time.Second, ratelimit.Key(func(*iron.Request) string { return "k" }))
	req := from("198.51.100.1:1")
	b.ReportAllocs()
	for b.Loop() {
		if err := rl.Before(req); err != nil {
			b.Fatal(err)
		}
	}
}
