package compress_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/klauspost/compress/gzip"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/compress"
)

func Example() {
	page := strings.Repeat("<p>Hello, compressed world.</p>\n", 100)
	hello := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, iron.TextHTML, page), nil
	})
	c := chain.New(hello).LinkAfter(compress.New(compress.MinSize(512)))

	req := iron.NewRequest("GET", "/", nil)
	req.Header().Set("Accept-Encoding", "gzip, br;q=0.5")
	res, _ := c.Handle(req)
	fmt.Println(res.Header.Get("Content-Encoding"), res.Header.Get("Vary"), res.Body().Len())

	var wire bytes.Buffer
	_, _ = res.Body().WriteTo(&wire)
	_ = res.Body().Close()
	fmt.Println(len(page), "bytes sent as", wire.Len())

	zr, _ := gzip.NewReader(&wire)
	plain, _ := io.ReadAll(zr)
	fmt.Println(string(plain) == page)
	// Output:
	// gzip Accept-Encoding -1
	// 3200 bytes sent as 77
	// true
}
