package secure_test

import (
	"fmt"
	"net/http"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/secure"
)

func Example() {
	page := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, iron.TextHTML, "<h1>Hello</h1>"), nil
	})
	c := chain.New(page).Link(secure.New())

	res, _ := c.Handle(iron.NewRequest("GET", "https://example.com/", nil))
	for _, name := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
		"Referrer-Policy", "Cross-Origin-Opener-Policy", "Strict-Transport-Security"} {
		fmt.Printf("%s: %s\n", name, res.Header.Get(name))
	}
	// Output:
	// Content-Security-Policy: default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'; img-src 'self' data:
	// X-Content-Type-Options: nosniff
	// X-Frame-Options: DENY
	// Referrer-Policy: strict-origin-when-cross-origin
	// Cross-Origin-Opener-Policy: same-origin
	// Strict-Transport-Security: max-age=63072000; includeSubDomains
}

// A policy with a nonce for the page's inline script.
func ExampleNonce() {
	page := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		html := `<script nonce="` + secure.Nonce(req) + `">console.log("allowed")</script>`
		return iron.With(http.StatusOK, iron.TextHTML, html), nil
	})
	c := chain.New(page).Link(secure.New(secure.ContentSecurityPolicy("script-src 'nonce-{nonce}'")))

	req := iron.NewRequest("GET", "/", nil)
	res, _ := c.Handle(req)
	body, _ := res.Body().Text()
	fmt.Println(res.Header.Get("Content-Security-Policy") == "script-src 'nonce-"+secure.Nonce(req)+"'")
	fmt.Println(len(body) > 0)
	// Output:
	// true
	// true
}
