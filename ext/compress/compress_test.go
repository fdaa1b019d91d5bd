package compress_test

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/compress"
)

func TestNegotiation(t *testing.T) {
	for _, tc := range []struct {
		name   string
		accept []string // Accept-Encoding lines; nil sends none
		opts   []compress.Option
		want   string // Content-Encoding; "" means identity
	}{
		{name: "no header", want: ""},
		{name: "empty header", accept: []string{""}, want: ""},
		{name: "gzip", accept: []string{"gzip"}, want: "gzip"},
		{name: "br", accept: []string{"br"}, want: "br"},
		{name: "zstd", accept: []string{"zstd"}, want: "zstd"},
		{name: "browser list takes server preference", accept: []string{"gzip, deflate, br, zstd"}, want: "br"},
		{name: "higher q wins", accept: []string{"br;q=0.5, gzip;q=0.9, zstd;q=0.7"}, want: "gzip"},
		{name: "q=0 refuses", accept: []string{"br;q=0, gzip"}, want: "gzip"},
		{name: "only refused", accept: []string{"br;q=0"}, want: ""},
		{name: "unsupported only", accept: []string{"deflate, compress"}, want: ""},
		{name: "star", accept: []string{"*"}, want: "br"},
		{name: "star with refusal", accept: []string{"*, br;q=0"}, want: "zstd"},
		{name: "named beats star", accept: []string{"*;q=0.5, gzip"}, want: "gzip"},
		{name: "star q=0 refuses the rest", accept: []string{"gzip;q=0.2, *;q=0"}, want: "gzip"},
		{name: "identity only", accept: []string{"identity"}, want: ""},
		{name: "identity preferred", accept: []string{"gzip;q=0.5, identity"}, want: ""},
		{name: "identity tie goes to the coding", accept: []string{"gzip, identity"}, want: "gzip"},
		{name: "unweighed identity loses", accept: []string{"gzip;q=0.5"}, want: "gzip"},
		{name: "identity refused", accept: []string{"identity;q=0, gzip;q=0.1"}, want: "gzip"},
		{name: "x-gzip alias", accept: []string{"x-gzip"}, want: "gzip"},
		{name: "case-insensitive", accept: []string{"GZIP;Q=1"}, want: "gzip"},
		{name: "spaces", accept: []string{" gzip ; q=0.4 ,br;q=0.3 "}, want: "gzip"},
		{name: "malformed q ignored", accept: []string{"br;q=abc, gzip"}, want: "gzip"},
		{name: "q out of range ignored", accept: []string{"br;q=2, gzip"}, want: "gzip"},
		{name: "three-decimal q", accept: []string{"gzip;q=0.001"}, want: "gzip"},
		{name: "q=1.000", accept: []string{"br;q=0.9, gzip;q=1.000"}, want: "gzip"},
		{name: "four-decimal q ignored", accept: []string{"br;q=0.0001"}, want: ""},
		{name: "NaN q ignored", accept: []string{"br;q=NaN, gzip;q=0.5"}, want: "gzip"},
		{name: "exponent q ignored", accept: []string{"br;q=1e0, gzip;q=0.5"}, want: "gzip"},
		{name: "q above 1 with decimals ignored", accept: []string{"br;q=1.5, gzip;q=0.5"}, want: "gzip"},
		{name: "q without leading digit ignored", accept: []string{"br;q=.9, gzip;q=0.5"}, want: "gzip"},
		{name: "several lines", accept: []string{"gzip;q=0.5", "br"}, want: "br"},
		{name: "offered subset", accept: []string{"br, gzip"}, opts: []compress.Option{compress.Encodings("gzip")}, want: "gzip"},
		{name: "offered none of the accepted", accept: []string{"br"}, opts: []compress.Option{compress.Encodings("gzip", "zstd")}, want: ""},
		{name: "server preference", accept: []string{"br, gzip, zstd"}, opts: []compress.Option{compress.Encodings("zstd", "gzip", "br")}, want: "zstd"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
				return iron.With(http.StatusOK, iron.TextHTML, text), nil
			})
			c := chain.New(h).LinkAfter(mustNew(t, tc.opts...))
			req := iron.NewRequest("GET", "/", nil)
			for _, v := range tc.accept {
				req.Header().Add("Accept-Encoding", v)
			}
			res, err := c.Handle(req)
			require.NoError(t, err)
			assert.Equal(t, tc.want, res.Header.Get("Content-Encoding"))
			assert.Equal(t, "Accept-Encoding", res.Header.Get("Vary"), "the answer varies on Accept-Encoding either way")
			got, err := decode(t, tc.want, written(t, res))
			require.NoError(t, err)
			assert.Equal(t, text, got)
		})
	}
}

func TestWhatIsCompressed(t *testing.T) {
	stream := func(w io.Writer) error { _, err := io.WriteString(w, "tiny stream"); return err }
	for _, tc := range []struct {
		name     string
		mods     []any
		opts     []compress.Option
		method   string
		want     bool // compressed
		wantVary bool
	}{
		{name: "large text", mods: []any{200, text}, want: true, wantVary: true},
		{name: "below the minimum", mods: []any{200, "short"}},
		{name: "at the minimum", mods: []any{200, strings.Repeat("a", 1024)}, want: true, wantVary: true},
		{name: "custom minimum", mods: []any{200, "short but enough"}, opts: []compress.Option{compress.MinSize(10)}, want: true, wantVary: true},
		{name: "unknown length is compressed", mods: []any{200, stream}, want: true, wantVary: true},
		{name: "no body", mods: []any{200}},
		{name: "error page", mods: []any{500, text}, want: true, wantVary: true},
		{name: "204", mods: []any{204, text}},
		{name: "206", mods: []any{206, text, http.Header{"Content-Range": {"bytes 0-99/5000"}}}},
		{name: "304 varies as its 200 would", mods: []any{304}, wantVary: true},
		{name: "304 of an image does not vary", mods: []any{304, iron.ContentType("image/png")}},
		{name: "304 of an encoded response left alone", mods: []any{304, http.Header{"Content-Encoding": {"br"}}}},
		{name: "content-range", mods: []any{200, text, http.Header{"Content-Range": {"bytes */5000"}}}},
		{name: "already encoded", mods: []any{200, text, http.Header{"Content-Encoding": {"br"}}}},
		{name: "identity encoding", mods: []any{200, text, http.Header{"Content-Encoding": {"identity"}}}, want: true, wantVary: true},
		{name: "no-transform", mods: []any{200, text, http.Header{"Cache-Control": {"public, no-transform"}}}},
		{name: "png", mods: []any{200, text, iron.ContentType("image/png")}},
		{name: "svg", mods: []any{200, text, iron.ContentType("image/svg+xml")}, want: true, wantVary: true},
		{name: "zip", mods: []any{200, text, iron.ContentType("application/zip")}},
		{name: "woff2", mods: []any{200, text, iron.ContentType("font/woff2")}},
		{name: "video with parameters", mods: []any{200, text, iron.ContentType("Video/MP4; codecs=avc1")}},
		{name: "json", mods: []any{200, text, iron.JSON}, want: true, wantVary: true},
		{name: "skipped by option", mods: []any{200, text, iron.JSON}, opts: []compress.Option{compress.SkipTypes("application/json")}},
		{name: "skipped type wildcard", mods: []any{200, text, iron.ContentType("text/csv")}, opts: []compress.Option{compress.SkipTypes("text/*")}},
		{name: "all images skipped by option", mods: []any{200, text, iron.ContentType("image/svg+xml")}, opts: []compress.Option{compress.SkipTypes("image/*")}},
		{name: "HEAD gets GET's headers", mods: []any{200, text}, method: "HEAD", want: true, wantVary: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return iron.With(tc.mods...), nil })
			c := chain.New(h).LinkAfter(mustNew(t, tc.opts...))
			method := tc.method
			if method == "" {
				method = "GET"
			}
			req := iron.NewRequest(method, "/", nil)
			req.Header().Set("Accept-Encoding", "gzip")
			res, err := c.Handle(req)
			require.NoError(t, err)
			if tc.want {
				assert.Equal(t, "gzip", res.Header.Get("Content-Encoding"))
				assert.Equal(t, int64(-1), res.Body().Len(), "length unknown")
			} else {
				assert.Equal(t, iron.With(tc.mods...).Header.Get("Content-Encoding"), res.Header.Get("Content-Encoding"), "encoding unchanged")
			}
			assert.Equal(t, tc.wantVary, res.Header.Get("Vary") == "Accept-Encoding")
			if !res.Body().IsZero() {
				want := written(t, iron.With(tc.mods...))
				got := written(t, res)
				if tc.want {
					plain, err := decode(t, "gzip", got)
					require.NoError(t, err)
					got = []byte(plain)
				}
				assert.Equal(t, string(want), string(got), "the body survives")
			}
		})
	}
}

func TestHeadersOfACompressedResponse(t *testing.T) {
	for _, tc := range []struct {
		name     string
		header   http.Header
		wantETag string
		wantVary []string
	}{
		{name: "strong etag weakened", header: http.Header{"Etag": {`"v1"`}}, wantETag: `W/"v1"`, wantVary: []string{"Accept-Encoding"}},
		{name: "weak etag kept", header: http.Header{"Etag": {`W/"v1"`}}, wantETag: `W/"v1"`, wantVary: []string{"Accept-Encoding"}},
		{name: "vary appended", header: http.Header{"Vary": {"Origin"}}, wantVary: []string{"Origin", "Accept-Encoding"}},
		{name: "vary not repeated", header: http.Header{"Vary": {"origin, accept-encoding"}}, wantVary: []string{"origin, accept-encoding"}},
		{name: "vary star kept", header: http.Header{"Vary": {"*"}}, wantVary: []string{"*"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hdr := tc.header.Clone()
			hdr.Set("Content-Length", "4900")
			hdr.Set("Accept-Ranges", "bytes")
			shared := iron.With(http.StatusOK, text, hdr)
			h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return shared, nil })
			c := chain.New(h).LinkAfter(mustNew(t))
			req := iron.NewRequest("GET", "/", nil)
			req.Header().Set("Accept-Encoding", "br")
			res, err := c.Handle(req)
			require.NoError(t, err)
			assert.Equal(t, "br", res.Header.Get("Content-Encoding"))
			assert.Empty(t, res.Header.Get("Content-Length"))
			assert.Empty(t, res.Header.Get("Accept-Ranges"), "ranges of the compressed bytes are not served")
			assert.Equal(t, tc.wantETag, res.Header.Get("Etag"))
			assert.Equal(t, tc.wantVary, res.Header.Values("Vary"))

			assert.Empty(t, shared.Header.Get("Content-Encoding"), "the handler's response is untouched")
			assert.Equal(t, "4900", shared.Header.Get("Content-Length"))
			assert.Equal(t, int64(len(text)), shared.Body().Len())
		})
	}
}

func TestBodiesRoundTrip(t *testing.T) {
	for _, coding := range []string{"br", "zstd", "gzip"} {
		for _, tc := range []struct {
			name string
			body func() any
		}{
			{"string", func() any { return text }},
			{"string larger than the copy buffer", func() any { return strings.Repeat(text, 10) }},
			{"bytes", func() any { return []byte(text) }},
			{"reader of known length", func() any { return strings.NewReader(text) }},
			{"reader of unknown length", func() any { return io.MultiReader(strings.NewReader(text)) }},
			{"stream", func() any {
				return func(w io.Writer) error {
					for range 3 {
						if _, err := io.WriteString(w, text); err != nil {
							return err
						}
					}
					return nil
				}
			}},
			{"empty stream", func() any { return func(io.Writer) error { return nil } }},
		} {
			t.Run(coding+"/"+tc.name, func(t *testing.T) {
				want := written(t, iron.With(tc.body()))
				h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return iron.With(200, tc.body()), nil })
				c := chain.New(h).LinkAfter(mustNew(t))
				req := iron.NewRequest("GET", "/", nil)
				req.Header().Set("Accept-Encoding", coding)
				res, err := c.Handle(req)
				require.NoError(t, err)
				require.Equal(t, coding, res.Header.Get("Content-Encoding"))
				data := written(t, res)
				got, err := decode(t, coding, data)
				require.NoError(t, err)
				assert.Equal(t, string(want), got)
				if len(want) > 1000 {
					assert.Less(t, len(data), len(want)/4, "repetitive text compresses well")
				}
			})
		}
	}
}

func TestStreamingFlushesReachTheClient(t *testing.T) {
	for _, coding := range []string{"br", "zstd", "gzip"} {
		t.Run(coding, func(t *testing.T) {
			events := []string{"data: one\n\n", "data: two\n\n", "data: three\n\n"}
			stream := func(w io.Writer) error {
				for _, e := range events {
					if _, err := io.WriteString(w, e); err != nil {
						return err
					}
					if err := iron.Flush(w); err != nil {
						return err
					}
				}
				return nil
			}
			h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
				return iron.With(200, iron.ContentType("text/event-stream"), stream), nil
			})
			c := chain.New(h).LinkAfter(mustNew(t))
			req := iron.NewRequest("GET", "/events", nil)
			req.Header().Set("Accept-Encoding", coding)
			res, err := c.Handle(req)
			require.NoError(t, err)
			require.Equal(t, coding, res.Header.Get("Content-Encoding"))

			var conn flushRecorder
			_, err = res.Body().WriteTo(&conn)
			require.NoError(t, err)
			require.Len(t, conn.flushedAt, len(events), "every flush reached the connection")
			all := conn.Bytes()
			for i, at := range conn.flushedAt {
				// What the client had at that flush decodes to every event
				// so far (the stream is not finished, so the decoder stops
				// with an error at the end of the data).
				got, _ := decode(t, coding, all[:at])
				assert.Equal(t, strings.Join(events[:i+1], ""), got, "after flush %d", i+1)
			}
			got, err := decode(t, coding, all)
			require.NoError(t, err)
			assert.Equal(t, strings.Join(events, ""), got)
		})
	}
}

func TestOriginalBodyIsClosed(t *testing.T) {
	for _, tc := range []struct {
		name string
		use  func(t *testing.T, b iron.Body)
	}{
		{"written then closed", func(t *testing.T, b iron.Body) {
			_, err := b.WriteTo(io.Discard)
			require.NoError(t, err)
			require.NoError(t, b.Close())
		}},
		{"closed unwritten (HEAD)", func(t *testing.T, b iron.Body) {
			require.NoError(t, b.Close())
		}},
		{"read after close", func(t *testing.T, b iron.Body) {
			require.NoError(t, b.Close())
			_, err := b.Reader().Read(make([]byte, 10))
			assert.ErrorIs(t, err, io.ErrClosedPipe)
		}},
		{"read to the end through Read", func(t *testing.T, b iron.Body) {
			data, err := io.ReadAll(b.Reader())
			require.NoError(t, err)
			got, err := decode(t, "gzip", data)
			require.NoError(t, err)
			assert.Equal(t, text, got)
			require.NoError(t, b.Close())
		}},
		{"closed halfway through Read", func(t *testing.T, b iron.Body) {
			buf := make([]byte, 10)
			_, err := io.ReadFull(b.Reader(), buf)
			require.NoError(t, err)
			require.NoError(t, b.Close()) // stops the goroutine; goleak checks
			_, err = b.Reader().Read(buf)
			assert.ErrorIs(t, err, io.ErrClosedPipe)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			orig := &closeTracker{Reader: strings.NewReader(text)}
			h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
				return iron.With(200, iron.ReaderBody(orig, int64(len(text)))), nil
			})
			c := chain.New(h).LinkAfter(mustNew(t))
			req := iron.NewRequest("GET", "/", nil)
			req.Header().Set("Accept-Encoding", "gzip")
			res, err := c.Handle(req)
			require.NoError(t, err)
			require.Equal(t, "gzip", res.Header.Get("Content-Encoding"))
			tc.use(t, res.Body())
			assert.True(t, orig.closed.Load(), "the original body was closed")
		})
	}
}

func TestWriteErrorsAreReported(t *testing.T) {
	boom := errors.New("stream broke")
	h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) {
		return iron.With(200, func(w io.Writer) error {
			_, _ = io.WriteString(w, text)
			return boom
		}), nil
	})
	c := chain.New(h).LinkAfter(mustNew(t))
	req := iron.NewRequest("GET", "/", nil)
	req.Header().Set("Accept-Encoding", "zstd")
	res, err := c.Handle(req)
	require.NoError(t, err)
	_, err = res.Body().WriteTo(io.Discard)
	assert.ErrorIs(t, err, boom)
}

func TestErrorsAndNilPassThrough(t *testing.T) {
	sentinel := errors.New("x")
	for _, tc := range []struct {
		name    string
		handler iron.HandlerFunc
	}{
		{"error", func(*iron.Request) (*iron.Response, error) { return nil, sentinel }},
		{"nil", func(*iron.Request) (*iron.Response, error) { return nil, nil }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := chain.New(tc.handler).LinkAfter(mustNew(t))
			req := iron.NewRequest("GET", "/", nil)
			req.Header().Set("Accept-Encoding", "gzip")
			res, err := c.Handle(req)
			if tc.name == "error" {
				assert.Nil(t, res)
				assert.ErrorIs(t, err, sentinel)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, 404, res.StatusCode(), "a nil answer reaches the after as an empty 404, left alone")
			assert.Empty(t, res.Header.Get("Content-Encoding"))
		})
	}
}

func TestConcurrentUseOfThePools(t *testing.T) {
	comp := mustNew(t)
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		return iron.With(200, req.Path()+text), nil
	})
	c := chain.New(h).LinkAfter(comp)
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Go(func() {
			coding := []string{"br", "zstd", "gzip"}[i%3]
			path := "/" + strings.Repeat("x", i)
			req := iron.NewRequest("GET", path, nil)
			req.Header().Set("Accept-Encoding", coding)
			res, err := c.Handle(req)
			if !assert.NoError(t, err) {
				return
			}
			var buf strings.Builder
			_, err = res.Body().WriteTo(&buf)
			assert.NoError(t, err)
			got, err := decode(t, coding, []byte(buf.String()))
			assert.NoError(t, err)
			assert.Equal(t, path+text, got)
		})
	}
	wg.Wait()
}

func TestInvalidOptions(t *testing.T) {
	for _, tc := range []struct {
		name string
		opt  compress.Option
		want string
	}{
		{"negative size", compress.MinSize(-1), "compress: MinSize(-1): must not be negative"},
		{"no encodings", compress.Encodings(), "compress: Encodings(): name at least one encoding"},
		{"unknown encoding", compress.Encodings("deflate"), `compress: Encodings(["deflate"]): unknown encoding "deflate" (known: "br", "zstd", "gzip")`},
		{"duplicate encoding", compress.Encodings("gzip", "gzip"), `compress: Encodings(["gzip" "gzip"]): "gzip" named twice`},
		{"gzip level", compress.Level("gzip", 10), `compress: Level("gzip", 10): must be from 1 to 9`},
		{"br level", compress.Level("br", 12), `compress: Level("br", 12): must be from 0 to 11`},
		{"zstd level", compress.Level("zstd", 0), `compress: Level("zstd", 0): must be from 1 to 22`},
		{"level of unknown", compress.Level("lzma", 1), `compress: Level("lzma", 1): unknown encoding (known: "br", "zstd", "gzip")`},
		{"bad type", compress.SkipTypes("json"), `compress: SkipTypes(["json"]): "json" is not a media type`},
		{"nil skip", compress.Skip(nil), "compress: Skip(nil): a function is required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.PanicsWithError(t, tc.want, func() { compress.New(tc.opt) })
		})
	}
}

func TestSkip(t *testing.T) {
	comp := compress.New(compress.Skip(func(req *iron.Request) bool { return req.Path() == "/events" }))
	h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return iron.With(200, text), nil })
	for _, tc := range []struct {
		path, encoding string
	}{
		{"/events", ""},
		{"/page", "gzip"},
	} {
		req := iron.NewRequest("GET", tc.path, nil)
		req.Header().Set("Accept-Encoding", "gzip")
		res, err := chain.New(h).LinkAfter(comp).Handle(req)
		require.NoError(t, err)
		assert.Equal(t, tc.encoding, res.Header.Get("Content-Encoding"), tc.path)
	}
}

func TestLevels(t *testing.T) {
	// Every level is accepted and round-trips.
	for _, tc := range []struct {
		coding string
		levels []int
	}{
		{"gzip", []int{1, 9}},
		{"br", []int{0, 11}},
		{"zstd", []int{1, 22}},
	} {
		for _, level := range tc.levels {
			comp := mustNew(t, compress.Level(tc.coding, level))
			h := iron.HandlerFunc(func(*iron.Request) (*iron.Response, error) { return iron.With(200, text), nil })
			req := iron.NewRequest("GET", "/", nil)
			req.Header().Set("Accept-Encoding", tc.coding)
			res, err := chain.New(h).LinkAfter(comp).Handle(req)
			require.NoError(t, err)
			got, err := decode(t, tc.coding, written(t, res))
			require.NoError(t, err, "%s level %d", tc.coding, level)
			assert.Equal(t, text, got)
		}
	}
}
