package httpheader_test

import (
	"fmt"
	"net/http"

	"github.com/iron-go/iron/internal/httpheader"
)

func Example() {
	h := http.Header{"Vary": {"origin"}, "Cache-Control": {`private="Set-Cookie, X", no-transform`}}

	httpheader.AddVary(h, "Origin", "Accept-Encoding")
	fmt.Println(h.Values("Vary"))
	fmt.Println(httpheader.HasDirective(h.Values("Cache-Control"), "no-transform"))
	fmt.Println(httpheader.HasToken([]string{"keep-alive, Close"}, "close"))
	fmt.Println(httpheader.SafeFieldValue("text/plain\r\nSet-Cookie: x=1"))
	// Output:
	// [origin Accept-Encoding]
	// true
	// true
	// false
}
