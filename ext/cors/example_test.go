package cors_test

import (
	"fmt"
	"net/http"
	"time"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/cors"
)

func Example() {
	api := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, iron.JSON, `{"items":[]}`), nil
	})
	mw := cors.New(
		cors.AllowedOrigins("https://app.example.com"),
		cors.AllowedHeaders("Content-Type", "Authorization"),
		cors.AllowCredentials(true),
		cors.MaxAge(time.Hour),
	)
	server := mw.Around(chain.New(api))

	// The browser asks first...
	pre := iron.NewRequest("OPTIONS", "/items", nil)
	pre.Header().Set("Origin", "https://app.example.com")
	pre.Header().Set("Access-Control-Request-Method", "PUT")
	pre.Header().Set("Access-Control-Request-Headers", "content-type")
	res, _ := server.Handle(pre)
	fmt.Println(res.Status, res.Header.Get("Access-Control-Allow-Origin"), res.Header.Get("Access-Control-Allow-Methods"), res.Header.Get("Access-Control-Max-Age"))

	// ...then sends the request, and the page may read the answer.
	put := iron.NewRequest("PUT", "/items", nil)
	put.Header().Set("Origin", "https://app.example.com")
	res, _ = server.Handle(put)
	fmt.Println(res.Status, res.Header.Get("Access-Control-Allow-Origin"), res.Header.Get("Access-Control-Allow-Credentials"), res.Header.Get("Vary"))

	// Another origin is served, but its page may not read the answer.
	evil := iron.NewRequest("GET", "/items", nil)
	evil.Header().Set("Origin", "https://evil.example")
	res, _ = server.Handle(evil)
	fmt.Printf("%d %q\n", res.Status, res.Header.Get("Access-Control-Allow-Origin"))
	// Output:
	// 204 https://app.example.com GET, HEAD, POST, PUT, PATCH, DELETE 3600
	// 200 https://app.example.com true Origin
	// 200 ""
}
