package compress

import (
	"io"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
)

// maxCodings is the number of encodings the package knows.
const maxCodings = 3

// encoder is what the three encoders have in common.
type encoder interface {
	io.WriteCloser
	Flush() error
	Reset(w io.Writer)
}

// coding is one content-coding with a pool of its encoders at one level.
type coding struct {
	name string
	pool sync.Pool
}

// levelRange returns the levels an encoding accepts, and whether it is
// known.
func levelRange(name string) (lo, hi int, ok bool) {
	switch name {
	case "gzip":
		return gzip.BestSpeed, gzip.BestCompression, true
	case "br":
		return brotli.BestSpeed, brotli.BestCompression, true
	case "zstd":
		return 1, 22, true
	}
	return 0, 0, false
}

// zstdWindow bounds the Zstandard window, and so each pooled encoder's
// memory. RFC 8878 section 3.1.1.1.2 asks HTTP senders for at most 8 MB;
// responses made per request rarely gain from more than 1 MB.
const zstdWindow = 1 << 20

// newCoding returns the coding called name at a level levelRange accepts.
func newCoding(name string, level int) *coding {
	c := &coding{name: name}
	switch name {
	case "gzip":
		c.pool.New = func() any {
			w, err := gzip.NewWriterLevel(io.Discard, level)
			if err != nil {
				panic("compress: gzip level " + err.Error()) // levels are checked by Level
			}
			return encoder(w)
		}
	case "br":
		c.pool.New = func() any { return encoder(brotli.NewWriterLevel(io.Discard, level)) }
	case "zstd":
		c.pool.New = func() any {
			// One goroutine per encoder: with more, the encoder would start
			// goroutines of its own for every response.
			w, err := zstd.NewWriter(io.Discard,
				zstd.WithEncoderLevel(zstd.EncoderLevelFromZstd(level)),
				zstd.WithEncoderConcurrency(1),
				zstd.WithWindowSize(zstdWindow))
			if err != nil {
				panic("compress: zstd: " + err.Error()) // the options are constant
			}
			return encoder(w)
		}
	default:
		panic("compress: unknown coding " + name)
	}
	return c
}

// get returns an encoder of c that writes to w.
func (c *coding) get(w io.Writer) encoder {
	e := c.pool.Get().(encoder)
	e.Reset(w)
	return e
}

// put returns e to the pool, letting go of the writer it wrote to.
func (c *coding) put(e encoder) {
	e.Reset(io.Discard)
	c.pool.Put(e)
}
