package benchmarks

import (
	"net/http"
	"strings"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/compress"
	"github.com/iron-go/iron/ext/cors"
	"github.com/iron-go/iron/ext/requestid"
)

// benchPage is a response every request shares, as a package-level answer
// is: the middleware below must never change it.
var benchPage = iron.With(http.StatusOK, iron.TextHTML, http.Header{"Cache-Control": {"no-cache"}},
	strings.Repeat("<li>Iron is an extensible, concurrent web framework.</li>\n", 84))

func sharedPage(*iron.Request) (*iron.Response, error) { return benchPage, nil }

// runChain serves the request in, with headers, through h on one reused
// request slot, as a server's worker does.
func runChain(b *testing.B, h iron.Handler, in *iron.Incoming) {
	b.Helper()
	var slot iron.Slot
	b.ReportAllocs()
	for b.Loop() {
		slot.Reset(in)
		res, err := h.Handle(slot.Request())
		if err != nil {
			b.Fatal(err)
		}
		_ = res.Body().Close()
	}
}

// BenchmarkExtCORS runs an actual (not preflight) cross-origin request from
// an allowed origin through CORS linked as an around of a chain.
func BenchmarkExtCORS(b *testing.B) {
	c := cors.New(cors.AllowedOrigins("https://app.example.com"), cors.ExposedHeaders("X-Request-ID"))
	ch := chain.New(iron.HandlerFunc(sharedPage)).LinkAround(c)
	in := &iron.Incoming{Method: "GET", Target: "/", Proto: "HTTP/1.1", Host: "bench",
		Header: []iron.HeaderField{{Name: "Origin", Value: "https://app.example.com"}}}
	runChain(b, ch, in)
}

// BenchmarkExtRequestID runs requestid as a before and an after, trusting
// the identifier the client sent.
func BenchmarkExtRequestID(b *testing.B) {
	r := requestid.New(requestid.Trust(func(*iron.Request) bool { return true }))
	ch := chain.New(iron.HandlerFunc(sharedPage)).Link(r)
	in := &iron.Incoming{Method: "GET", Target: "/", Proto: "HTTP/1.1", Host: "bench",
		Header: []iron.HeaderField{{Name: "X-Request-ID", Value: "a1b2c3d4"}}}
	runChain(b, ch, in)
}

// BenchmarkExtCompressVary runs compress on a client that accepts no
// encoding: the response is not encoded and only gains Vary, the part of
// the middleware's cost that is not the encoder's.
func BenchmarkExtCompressVary(b *testing.B) {
	c := compress.New()
	ch := chain.New(iron.HandlerFunc(sharedPage)).LinkAfter(c)
	in := &iron.Incoming{Method: "GET", Target: "/", Proto: "HTTP/1.1", Host: "bench"}
	runChain(b, ch, in)
}
