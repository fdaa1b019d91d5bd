package engine

import "testing"

// BenchmarkParseHead parses the head wrk sends, alone: the request line,
// three headers, framing decisions and the strings handed to the handler.
func BenchmarkParseHead(b *testing.B) {
	benchParse(b, "GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: wrk\r\nAccept: */*\r\n\r\n")
}

// BenchmarkParseHeadBrowser parses a browser-sized head of a dozen fields.
func BenchmarkParseHeadBrowser(b *testing.B) {
	benchParse(b, "GET /static/app.js?v=3 HTTP/1.1\r\nHost: example.org\r\n"+
		"User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0\r\n"+
		"Accept: */*\r\nAccept-Language: en-US,en;q=0.5\r\nAccept-Encoding: gzip, deflate, br, zstd\r\n"+
		"Referer: https://example.org/\r\nConnection: keep-alive\r\nCookie: session=abcdef0123456789\r\n"+
		"Sec-Fetch-Dest: script\r\nSec-Fetch-Mode: no-cors\r\nSec-Fetch-Site: same-origin\r\nPriority: u=2\r\n\r\n")
}

// benchParse parses text again and again with one session's head and
// interner, under the default limits.
func benchParse(b *testing.B, text string) {
	raw := []byte(text)
	var h head
	var in interner
	lim := limits{maxHead: DefaultMaxHeaderBytes, maxURI: DefaultMaxURILength, maxFields: DefaultMaxHeaderCount}
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if n, err := parseHead(raw, &h, lim, &in); n != len(raw) || err != nil {
			b.Fatal(n, err)
		}
	}
}
