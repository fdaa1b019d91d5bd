package secure_test

import (
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/secure"
)

// BenchmarkAfter is the default headers set on an answer without headers.
func BenchmarkAfter(b *testing.B) {
	s := secure.New()
	req := iron.NewRequest("GET", "https://example.com/", nil)
	res := &iron.Response{Status: 200}
	b.ReportAllocs()
	for b.Loop() {
		res.Header = nil
		if _, err := s.After(req, res); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAfterNonce is a policy with a nonce: the nonce and the policy
// value are made per request.
func BenchmarkAfterNonce(b *testing.B) {
	s := secure.New(secure.ContentSecurityPolicy("default-src 'self'; script-src 'nonce-{nonce}'"))
	res := &iron.Response{Status: 200}
	b.ReportAllocs()
	for b.Loop() {
		req := iron.NewRequest("GET", "/", nil)
		res.Header = nil
		if _, err := s.After(req, res); err != nil {
			b.Fatal(err)
		}
	}
}
