package httpadapter_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/httpadapter"
)

// nullWriter is a ResponseWriter that keeps nothing, so that what a benchmark
// allocates is the adapter's and the handler's.
type nullWriter struct{ h http.Header }

func (w *nullWriter) Header() http.Header         { return w.h }
func (w *nullWriter) Write(p []byte) (int, error) { return len(p), nil }
func (w *nullWriter) WriteHeader(int)             {}

// Flush and WriteString, as net/http's own ResponseWriter has them.
func (w *nullWriter) Flush()                            {}
func (w *nullWriter) WriteString(s string) (int, error) { return len(s), nil }

// BenchmarkHandler is one request through Handler without a network: the
// adapter's own cost (iron.With in the handler is one allocation).
func BenchmarkHandler(b *testing.B) {
	h := httpadapter.Handler(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "Hello, World!"), nil
	}))
	r, err := http.NewRequest("GET", "http://example.com/plaintext", nil)
	if err != nil {
		b.Fatal(err)
	}
	r.RemoteAddr = "192.0.2.1:1234"
	r.Header.Set("User-Agent", "bench")
	w := &nullWriter{h: make(http.Header)}
	b.ReportAllocs()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, r)
	}
}

// BenchmarkFromHTTPHandle is one net/http handler run by FromHTTP for an
// Iron request, its output held back: the goroutine, the http.Request and
// the capture.
func BenchmarkFromHTTPHandle(b *testing.B) {
	h := httpadapter.FromHTTP(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "Hello, World!")
	}))
	req := iron.NewRequest("GET", "/plaintext", nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := h.Handle(req); err != nil {
			b.Fatal(err)
		}
	}
}
