package static_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/ext/static"
)

func TestConditionalRequests(t *testing.T) {
	d := newDir(t, static.MaxAge(3600e9))
	first := respond(t, d, request("GET", "/style.css"))
	require.Equal(t, 200, first.status)
	etag := first.header.Get("ETag")
	require.Regexp(t, `^"[0-9a-f]+-[0-9a-f]+"$`, etag, "a strong entity-tag")

	const (
		earlier = "Mon, 01 Jan 2024 00:00:00 GMT"
		later   = "Wed, 03 Jan 2024 00:00:00 GMT"
	)
	for _, tc := range []struct {
		name    string
		method  string
		headers []string
		status  int
	}{
		{"no conditions", "GET", nil, 200},
		{"if-none-match same", "GET", []string{"If-None-Match: " + etag}, 304},
		{"if-none-match weak form", "GET", []string{"If-None-Match: W/" + etag}, 304},
		{"if-none-match in a list", "GET", []string{`If-None-Match: "other", ` + etag}, 304},
		{"if-none-match star", "GET", []string{"If-None-Match: *"}, 304},
		{"if-none-match other", "GET", []string{`If-None-Match: "other"`}, 200},
		{"if-none-match malformed", "GET", []string{`If-None-Match: other`}, 200},
		{"if-none-match on head", "HEAD", []string{"If-None-Match: " + etag}, 304},
		{"if-modified-since same second", "GET", []string{"If-Modified-Since: " + lastModified}, 304},
		{"if-modified-since later", "GET", []string{"If-Modified-Since: " + later}, 304},
		{"if-modified-since earlier", "GET", []string{"If-Modified-Since: " + earlier}, 200},
		{"if-modified-since malformed", "GET", []string{"If-Modified-Since: yesterday"}, 200},
		{"if-modified-since in the future", "GET", []string{"If-Modified-Since: Fri, 01 Jan 9999 00:00:00 GMT"}, 200},
		{"if-none-match wins over if-modified-since", "GET", []string{`If-None-Match: "other"`, "If-Modified-Since: " + later}, 200},
		{"if-match same", "GET", []string{"If-Match: " + etag}, 200},
		{"if-match star", "GET", []string{"If-Match: *"}, 200},
		{"if-match other", "GET", []string{`If-Match: "other"`}, 412},
		{"if-match compares strongly", "GET", []string{"If-Match: W/" + etag}, 412},
		{"if-unmodified-since later", "GET", []string{"If-Unmodified-Since: " + later}, 200},
		{"if-unmodified-since earlier", "GET", []string{"If-Unmodified-Since: " + earlier}, 412},
		{"if-match wins over if-unmodified-since", "GET", []string{"If-Match: " + etag, "If-Unmodified-Since: " + earlier}, 200},
		{"412 before 304", "GET", []string{`If-Match: "other"`, "If-None-Match: " + etag}, 412},
		// A date is not a list (it has a comma of its own): sent on two
		// lines, neither can be trusted, and the header is ignored.
		{"if-modified-since on two lines is ignored", "GET", []string{"If-Modified-Since: " + lastModified, "If-Modified-Since: " + earlier}, 200},
		{"if-modified-since twice the same is ignored", "GET", []string{"If-Modified-Since: " + later, "If-Modified-Since: " + later}, 200},
		{"if-unmodified-since on two lines is ignored", "GET", []string{"If-Unmodified-Since: " + earlier, "If-Unmodified-Since: " + later}, 200},
		{"if-unmodified-since on two lines, the other order", "GET", []string{"If-Unmodified-Since: " + later, "If-Unmodified-Since: " + earlier}, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := respond(t, d, request(tc.method, "/style.css", tc.headers...))
			assert.Equal(t, tc.status, got.status)
			switch tc.status {
			case 304:
				assert.Empty(t, got.body)
				assert.Zero(t, got.len)
				assert.Equal(t, etag, got.header.Get("ETag"))
				assert.Equal(t, "public, max-age=3600", got.header.Get("Cache-Control"))
				assert.Equal(t, "Accept-Encoding", got.header.Get("Vary"))
				assert.Empty(t, got.header.Get("Content-Type"))
			case 200:
				assert.Equal(t, "body{}", got.body)
			}
		})
	}
}

func TestEntityTagChangesWithTheFile(t *testing.T) {
	root := fixture(t)
	d, err := static.New(root)
	require.NoError(t, err)
	defer d.Close()
	before := respond(t, d, request("GET", "/style.css")).header.Get("ETag")
	gz := respond(t, d, request("GET", "/style.css", "Accept-Encoding: gzip")).header.Get("ETag")
	br := respond(t, d, request("GET", "/style.css", "Accept-Encoding: br")).header.Get("ETag")
	assert.NotEqual(t, before, gz, "each coding is a representation of its own")
	assert.NotEqual(t, gz, br)
	assert.Contains(t, br, "-br\"")

	require.NoError(t, writeFile(root+"/style.css", "body{color:red}"))
	after := respond(t, d, request("GET", "/style.css", "If-None-Match: "+before))
	assert.Equal(t, 200, after.status, "a changed file is sent again")
	assert.NotEqual(t, before, after.header.Get("ETag"))
	assert.Equal(t, "body{color:red}", after.body)
}

// Only the file's own answers, 200, 206 and 304, say how long they may be
// kept: an error answer with "public, max-age" would be stored by a shared
// cache and served in place of the file to every later client.
func TestCacheControlOnlyOnTheFile(t *testing.T) {
	d := newDir(t, static.MaxAge(3600e9))
	etag := respond(t, d, request("GET", "/numbers.txt")).header.Get("ETag")
	require.NotEmpty(t, etag)
	for _, tc := range []struct {
		name         string
		headers      []string
		status       int
		cacheControl string
	}{
		{"whole file", nil, 200, "public, max-age=3600"},
		{"range", []string{"Range: bytes=0-1"}, 206, "public, max-age=3600"},
		{"several ranges", []string{"Range: bytes=0-1,5-6"}, 206, "public, max-age=3600"},
		{"not modified", []string{"If-None-Match: " + etag}, 304, "public, max-age=3600"},
		{"range not satisfiable", []string{"Range: bytes=100-"}, 416, ""},
		{"precondition failed", []string{`If-Match: "other"`}, 412, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := respond(t, d, request("GET", "/numbers.txt", tc.headers...))
			require.Equal(t, tc.status, got.status)
			assert.Equal(t, tc.cacheControl, got.header.Get("Cache-Control"))
		})
	}
}
