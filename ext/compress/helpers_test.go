package compress_test

import (
	"bytes"
	"io"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/compress"
)

// TestMain checks that no test leaves a goroutine behind (a Read pipe, a
// zstd encoder's), but those of the worker pool library the engine uses,
// which live as long as the process.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m,
		goleak.IgnoreAnyFunction("github.com/panjf2000/ants/v2.(*poolCommon).purgeStaleWorkers"),
		goleak.IgnoreAnyFunction("github.com/panjf2000/ants/v2.(*poolCommon).ticktock"),
	)
}

// text is a compressible body well over the default minimum size.
var text = strings.Repeat("Iron is an extensible, concurrent web framework. ", 100)

func mustNew(t *testing.T, opts ...compress.Option) *compress.Compress {
	t.Helper()
	return compress.New(opts...)
}

// written returns what the response body writes.
func written(t *testing.T, res *iron.Response) []byte {
	t.Helper()
	var buf bytes.Buffer
	_, err := res.Body().WriteTo(&buf)
	require.NoError(t, err)
	require.NoError(t, res.Body().Close())
	return buf.Bytes()
}

// decode decompresses data of the given content-coding, returning what it
// could decode and the error that stopped it (nil at a clean end).
func decode(t *testing.T, coding string, data []byte) (string, error) {
	t.Helper()
	var r io.Reader
	switch coding {
	case "", "identity":
		return string(data), nil
	case "gzip":
		gr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return "", err
		}
		r = gr
	case "br":
		r = brotli.NewReader(bytes.NewReader(data))
	case "zstd":
		zr, err := zstd.NewReader(bytes.NewReader(data), zstd.WithDecoderConcurrency(1))
		require.NoError(t, err)
		defer zr.Close()
		r = zr
	default:
		t.Fatalf("unknown coding %q", coding)
	}
	var out bytes.Buffer
	_, err := io.Copy(&out, r)
	return out.String(), err
}

// flushRecorder is a connection-like writer that records how many bytes had
// been written at each Flush.
type flushRecorder struct {
	bytes.Buffer
	flushedAt []int
}

func (f *flushRecorder) Flush() error {
	f.flushedAt = append(f.flushedAt, f.Len())
	return nil
}

// closeTracker is a reader body that records whether it was closed.
type closeTracker struct {
	io.Reader
	closed atomic.Bool
}

func (c *closeTracker) Close() error { c.closed.Store(true); return nil }
