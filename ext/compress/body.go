package compress

import (
	"io"
	"sync"

	"github.com/iron-go/iron"
)

// compressedBody is the reader of a compressed response body. Servers copy
// it with WriteTo, which encodes src straight into their writer; Read, for
// anyone else, runs WriteTo on a goroutine through a pipe. Close closes src.
type compressedBody struct {
	src    iron.Body
	coding *coding

	pipeOnce sync.Once
	pipe     *io.PipeReader
	done     chan struct{} // closed when the pipe's writer returned
}

// WriteTo writes the compressed body to w and returns the number of
// compressed bytes written. Flushes of a streaming src flush the encoder and
// then w.
func (b *compressedBody) WriteTo(w io.Writer) (int64, error) {
	counted := &countingWriter{w: w}
	enc := b.coding.get(counted)
	_, err := b.src.WriteTo(&encodingWriter{enc: enc, dst: counted})
	if cerr := enc.Close(); err == nil {
		err = cerr
	}
	b.coding.put(enc)
	return counted.n, err
}

// Read reads the compressed body. The first Read starts a goroutine that
// writes it into a pipe; Close stops it.
func (b *compressedBody) Read(p []byte) (int, error) {
	b.pipeOnce.Do(func() {
		pr, pw := io.Pipe()
		b.pipe, b.done = pr, make(chan struct{})
		go func() {
			defer close(b.done)
			_, err := b.WriteTo(pw)
			pw.CloseWithError(err) // nil means io.EOF for the reader
		}()
	})
	if b.pipe == nil { // closed before the first Read
		return 0, io.ErrClosedPipe
	}
	return b.pipe.Read(p)
}

// Close closes the original body, after stopping a Read goroutine if one
// runs, so that the body is never closed while it is being read.
func (b *compressedBody) Close() error {
	b.pipeOnce.Do(func() {}) // no Read may start a goroutine after Close
	if b.pipe != nil {
		_ = b.pipe.Close()
		<-b.done
	}
	return b.src.Close()
}

// encodingWriter feeds the encoder and passes flushes through it.
type encodingWriter struct {
	enc encoder
	dst io.Writer
}

func (w *encodingWriter) Write(p []byte) (int, error) { return w.enc.Write(p) }

// copyBuffers are the buffers ReadFrom copies through: a reader body (a
// file) would otherwise cost a fresh 32 kB buffer per response in io.Copy.
var copyBuffers = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// WriteString feeds the encoder s through a pooled buffer, where
// io.WriteString would copy a string body into a new slice.
func (w *encodingWriter) WriteString(s string) (int, error) {
	buf := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(buf)
	written := 0
	for written < len(s) {
		n := copy(*buf, s[written:])
		m, err := w.enc.Write((*buf)[:n])
		written += m
		if err != nil {
			return written, err
		}
	}
	return written, nil
}

// ReadFrom feeds the encoder from r through a pooled buffer.
func (w *encodingWriter) ReadFrom(r io.Reader) (int64, error) {
	buf := copyBuffers.Get().(*[]byte)
	defer copyBuffers.Put(buf)
	// The struct hides ReadFrom from io.CopyBuffer, which would call it again.
	return io.CopyBuffer(struct{ io.Writer }{w.enc}, r, *buf)
}

// Flush pushes what was written so far through the encoder and on to the
// client.
func (w *encodingWriter) Flush() error {
	if err := w.enc.Flush(); err != nil {
		return err
	}
	return iron.Flush(w.dst)
}

// countingWriter counts the compressed bytes and passes flushes on.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func (c *countingWriter) Flush() error { return iron.Flush(c.w) }
