package accept_test

import (
	"fmt"

	"github.com/iron-go/iron/internal/accept"
)

func ExampleEncodings() {
	offered := []string{"br", "zstd", "gzip"} // the server's preference
	header := []string{"gzip;q=0.8, br;q=0.5, zstd;q=0, identity;q=0.2"}
	var buf [3]int
	for _, i := range accept.Encodings(buf[:0], header, offered) {
		fmt.Println(offered[i])
	}
	// Output:
	// gzip
	// br
}
