package engine

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"net/http/httputil"
	"net/textproto"
	"regexp"
	"slices"
	"testing"
)

var fuzzHeads = []string{
	"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
	"GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: wrk\r\nAccept: */*\r\n\r\n",
	"POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello",
	"POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
	"GET http://example.org:8080/a?b=c HTTP/1.1\r\nHost: other\r\n\r\n",
	"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
	"CONNECT example.org:443 HTTP/1.1\r\nHost: example.org:443\r\n\r\n",
	"GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
	"\r\nGET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\nExpect: 100-continue\r\n\r\n",
	"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
	"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n",
	"GET /a HTTP/1.1\r\nHost: x\r\nX-A: b\r\n c\r\n\r\n",
	"GET /a HTTP/1.1\r\nHost: x\r\nX-A : b\r\n\r\n",
	"GET /a HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
	"GET /a HTTP/1.1\nHost: x\n\n",
	"POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
	"GET /a HTTP/1.1\r\nHost: x\r\nX-Empty:\r\nX-Tab:\tv\t\r\n\r\n",
	"GET /%41?q=%zz HTTP/1.1\r\nHost: [::1]:80\r\n\r\n",
	"GET /a HTTP/1.2\r\nHost: x\r\nConnection: close\r\n\r\n",
	"GET http://a.example/ HTTP/1.1\r\nHost: x y\r\n\r\n",
	"GET /a HTTP/1.1\r\nHost: x\r\nConnection: \"a, close\r\n\r\n",
	"POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: x=\", chunked\r\n\r\n",
}

// FuzzParseHead checks the request parser against net/http's ReadRequest:
// whatever Iron accepts, net/http accepts too and reads the same method,
// target, host, headers and body framing; whatever net/http refuses, Iron
// refuses. Iron may refuse more: it is stricter on purpose (bare LF,
// obs-fold, a fragment, control characters, HTTP versions it cannot serve).
func FuzzParseHead(f *testing.F) {
	for _, s := range fuzzHeads {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var h head
		var in interner
		n, perr := parseHead(data, &h, limits{maxHead: 64 << 10, maxURI: 8 << 10, maxFields: 256}, &in)
		if n == 0 && perr == nil {
			return // not a whole head yet
		}
		// net/http does not skip empty lines before the request line.
		start := 0
		for len(data)-start >= 2 && data[start] == '\r' && data[start+1] == '\n' {
			start += 2
		}
		end := len(data)
		if n > 0 {
			end = n
		} else if i := bytes.Index(data[start:], []byte("\r\n\r\n")); i >= 0 {
			end = start + i + 4
		}
		req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(data[start:end])))
		if perr != nil {
			return // Iron refused: allowed whatever net/http thinks
		}
		if err != nil {
			t.Fatalf("Iron accepted %q, net/http refused it: %v", data[:n], err)
		}
		if req.Method != h.method || req.RequestURI != h.target || req.Host != h.host {
			t.Fatalf("request line: net/http %q %q host %q, Iron %q %q host %q", req.Method, req.RequestURI, req.Host, h.method, h.target, h.host)
		}
		got := http.Header{}
		for _, fld := range h.fields {
			k := textproto.CanonicalMIMEHeaderKey(fld.Name)
			if k == "Host" || k == "Transfer-Encoding" {
				continue
			}
			got[k] = append(got[k], fld.Value)
		}
		want := req.Header.Clone()
		want.Del("Transfer-Encoding")
		for k, vs := range want {
			if !slices.Equal(vs, got[k]) {
				t.Fatalf("header %q: net/http %q, Iron %q", k, vs, got[k])
			}
		}
		if len(want) != len(got) {
			t.Fatalf("headers: net/http %q, Iron %q", want, got)
		}
		chunked := len(req.TransferEncoding) == 1 && req.TransferEncoding[0] == "chunked"
		if chunked != h.chunked || (!chunked && req.ContentLength != h.contentLength) {
			t.Fatalf("framing: net/http chunked=%v length=%d, Iron chunked=%v length=%d", chunked, req.ContentLength, h.chunked, h.contentLength)
		}
		if req.Close != h.close {
			t.Fatalf("close: net/http %v, Iron %v", req.Close, h.close)
		}
	})
}

var fuzzChunks = []string{
	"5\r\nhello\r\n0\r\n\r\n",
	"5;a=b;c=\"d e\"\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: v\r\n\r\n",
	"1\r\na\r\n1\r\nb\r\n0\r\n\r\n",
	"A\r\n0123456789\r\n0\r\n\r\n",
	"0\r\n\r\n",
	"5\nhello\r\n0\r\n\r\n",
	"5\r\nhelloX\r\n0\r\n\r\n",
	"fffffffffffffffff\r\n",
	"-1\r\n",
	"5 \r\nhello\r\n0\r\n\r\n",
	"5 ;a\r\nhello\r\n0\r\n\r\n",
	"5;a \r\nhello\r\n0\r\n\r\n",
}

// FuzzChunked checks the chunked decoder against net/http/httputil's: when
// Iron decodes a body, net/http decodes the same bytes; Iron may refuse what
// net/http tolerates. It also feeds the decoder one byte at a time, which
// must give the same result as all at once.
func FuzzChunked(f *testing.F) {
	for _, s := range fuzzChunks {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		whole, wholeErr := decodeAll(data, len(data))
		bytewise, byteErr := decodeAll(data, 1)
		if (wholeErr == nil) != (byteErr == nil) || !bytes.Equal(whole, bytewise) {
			t.Fatalf("whole: %q %v; byte by byte: %q %v", whole, wholeErr, bytewise, byteErr)
		}
		if wholeErr != nil {
			return
		}
		std, err := io.ReadAll(httputil.NewChunkedReader(bytes.NewReader(data)))
		if err != nil && bwsBeforeExtension.Match(data) {
			return // RFC 9112 allows it; net/http does not
		}
		if err != nil {
			t.Fatalf("Iron decoded %q from %q, net/http refused: %v", whole, data, err)
		}
		if !bytes.Equal(std, whole) {
			t.Fatalf("net/http %q, Iron %q", std, whole)
		}
	})
}

// bwsBeforeExtension finds a chunk-size line with whitespace before its
// first extension ("5 ;a"): RFC 9112 section 7.1.1 allows that bad
// whitespace and Iron takes it, while net/http's decoder refuses it.
var bwsBeforeExtension = regexp.MustCompile(`(^|\n)[0-9a-fA-F]+[ \t]+;`)

// decodeAll runs the decoder over data given step bytes at a time; it
// returns io.ErrUnexpectedEOF when data ends before the body does.
func decodeAll(data []byte, step int) ([]byte, error) {
	d := chunkDecoder{maxTrailer: 4096}
	var out, pending []byte
	buf := make([]byte, 7)
	for i := 0; ; {
		n, err := d.decode(pending, buf)
		pending = pending[n.in:]
		out = append(out, buf[:n.out]...)
		if err != nil {
			return out, err
		}
		if d.finished() {
			return out, nil
		}
		if n.in == 0 && n.out == 0 {
			if i >= len(data) {
				return out, io.ErrUnexpectedEOF
			}
			j := min(i+step, len(data))
			pending = append(pending, data[i:j]...)
			i = j
		}
	}
}
