package engine

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChunkDecoderKeepsTrailersWithoutAllocating checks that the decoder
// keeps trailer fields in storage reused from body to body: decoding a body,
// with or without trailers, allocates nothing once the storage has grown.
func TestChunkDecoderKeepsTrailersWithoutAllocating(t *testing.T) {
	for _, tc := range []struct {
		name, body, fields string
	}{
		{"no trailers", "3\r\nabc\r\n0\r\n\r\n", ""},
		{"trailers", "3\r\nabc\r\n0\r\nX-Sum: 1\r\nOther:  v \r\n\r\n", "X-Sum: 1\r\nOther:  v \r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := []byte(tc.body)
			out := make([]byte, 16)
			var d chunkDecoder
			decode := func() {
				d = chunkDecoder{maxTrailer: 4096, fields: d.fields[:0]}
				for pos := 0; !d.finished(); {
					n, err := d.decode(in[pos:], out)
					require.NoError(t, err)
					pos += n.in
				}
			}
			decode()
			assert.Equal(t, tc.fields, string(d.fields))
			assert.Zero(t, testing.AllocsPerRun(100, decode))
		})
	}
}
