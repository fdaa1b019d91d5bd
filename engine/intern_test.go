package engine

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestParseHeadAllocatesNothingWhenRepeated parses heads a keep-alive
// client sends again and again: after the first, the strings handed to the
// handler are the ones made the first time.
func TestParseHeadAllocatesNothingWhenRepeated(t *testing.T) {
	lim := limits{maxHead: DefaultMaxHeaderBytes, maxURI: DefaultMaxURILength, maxFields: DefaultMaxHeaderCount}
	for i, text := range append(fuzzHeads[:2:2],
		"GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: bench\r\nAccept: */*\r\n\r\n",
		"GET /static/app.js?v=3 HTTP/1.1\r\nHost: example.org\r\n"+
			"User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"+
			"Accept: */*\r\nAccept-Language: en-US,en;q=0.5\r\nAccept-Encoding: gzip, deflate, br, zstd\r\n"+
			"Referer: https://example.org/\r\nConnection: keep-alive\r\nCookie: session=abcdef0123456789\r\n"+
			"Sec-Fetch-Dest: script\r\nSec-Fetch-Mode: no-cors\r\nSec-Fetch-Site: same-origin\r\nPriority: u=2\r\n\r\n") {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			raw := []byte(text)
			var h head
			var in interner
			parse := func() {
				if n, err := parseHead(raw, &h, lim, &in); n != len(raw) || err != nil {
					t.Fatal(n, err)
				}
			}
			parse()
			assert.Zero(t, testing.AllocsPerRun(100, parse))
		})
	}
}

// TestInternerKeepsTwoStringsThatMeet: two strings in one pair of slots
// both stay.
func TestInternerKeepsTwoStringsThatMeet(t *testing.T) {
	var in interner
	a, b := []byte("first"), []byte("second")
	// Find a string whose pair is the first one's.
	want := spread(a) & (internSlots - 2)
	for n := 0; spread(b)&(internSlots-2) != want; n++ {
		b = fmt.Appendf(b[:0], "second-%d", n)
	}
	in.str(a)
	in.str(b)
	assert.Zero(t, testing.AllocsPerRun(100, func() { in.str(a); in.str(b) }))
}
