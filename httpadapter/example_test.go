package httpadapter_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/httpadapter"
)

// An Iron chain served by anything that takes an http.Handler: here
// httptest, in production an http.Server (with TLS, HTTP/2 comes with it).
func ExampleHandler() {
	c := chain.New(iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "Hello "+req.Query().Get("name")), nil
	}))
	h := httpadapter.Handler(c)

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/?name=Gopher", nil))
	fmt.Println(rec.Code, rec.Header().Get("Content-Type"))
	fmt.Println(rec.Body.String())
	// Output:
	// 200 text/plain; charset=utf-8
	// Hello Gopher
}

// A net/http handler inside an Iron chain: after middleware see its status
// and headers, and may change them.
func ExampleFromHTTP() {
	legacy := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"id":7}`)
	})
	c := chain.New(httpadapter.FromHTTP(legacy))
	c.LinkAfter(iron.AfterFunc(func(_ *iron.Request, res *iron.Response) (*iron.Response, error) {
		res.SetHeader("Location", "/users/7")
		return res, nil
	}))

	res, _ := c.Handle(iron.NewRequest("POST", "/users", strings.NewReader(`{"name":"Ann"}`)))
	body, _ := res.Body().Bytes()
	fmt.Println(res.StatusCode(), res.Header.Get("Content-Type"), res.Header.Get("Location"))
	fmt.Println(string(body))
	// Output:
	// 201 application/json /users/7
	// {"id":7}
}

// net/http middleware linked into a chain with one call.
func ExampleAround() {
	poweredBy := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Powered-By", "Iron")
			next.ServeHTTP(w, r)
		})
	}
	c := chain.New(iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, "hi"), nil
	}))
	c.LinkAround(httpadapter.Around(poweredBy))

	res, _ := c.Handle(iron.NewRequest("GET", "/", nil))
	body, _ := res.Body().Bytes()
	fmt.Println(res.StatusCode(), res.Header.Get("X-Powered-By"), string(body))
	// Output:
	// 200 Iron hi
}
