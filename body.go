package iron

import (
	"io"
	"net/http"
)

// Body is a response body that writes itself: bytes, a string, a reader
// (a file among them) or a streaming function. The zero Body is no body.
// A Body is a small value; copying it copies a reference to the same content.
type Body struct {
	kind   bodyKind
	bytes  []byte
	str    string
	reader io.Reader
	size   int64
	stream func(w io.Writer) error
}

type bodyKind uint8

const (
	noBody bodyKind = iota
	bytesBody
	stringBody
	readerBody
	streamBody
)

// BytesBody returns a body of b. The response refers to b: do not change it
// until the response is written.
func BytesBody(b []byte) Body { return Body{kind: bytesBody, bytes: b, size: int64(len(b))} }

// StringBody returns a body of s.
func StringBody(s string) Body { return Body{kind: stringBody, str: s, size: int64(len(s))} }

// ReaderBody returns a body read from r; size is its length in bytes, or -1
// when unknown (the engine then sends it chunked). A reader that is also an
// [io.Closer] is closed by the server once the response is done. A size that
// is known lets the server send a file with sendfile(2) where it can.
func ReaderBody(r io.Reader, size int64) Body {
	if size < 0 {
		size = -1
	}
	return Body{kind: readerBody, reader: r, size: size}
}

// StreamBody returns a body written by fn as the response is sent, of unknown
// length (sent chunked by the engine). fn may call [Flush] on w to push what
// it wrote so far to the client.
func StreamBody(fn func(w io.Writer) error) Body { return Body{kind: streamBody, stream: fn, size: -1} }

// IsZero reports whether b is no body at all (as opposed to an empty one).
func (b Body) IsZero() bool { return b.kind == noBody }

// Len returns the body's length in bytes, or -1 when it is not known before
// the body is written.
func (b Body) Len() int64 {
	if b.kind == noBody {
		return 0
	}
	return b.size
}

// Bytes returns the content of a bytes body and true, so that a server can
// copy it without a writer; other bodies return nil and false.
func (b Body) Bytes() ([]byte, bool) {
	if b.kind == bytesBody {
		return b.bytes, true
	}
	return nil, false
}

// Text returns the content of a string body and true; other bodies return
// "" and false.
func (b Body) Text() (string, bool) {
	if b.kind == stringBody {
		return b.str, true
	}
	return "", false
}

// Reader returns the reader of a reader body; other bodies return nil.
func (b Body) Reader() io.Reader {
	if b.kind == readerBody {
		return b.reader
	}
	return nil
}

// WriteTo writes the body to w and returns the number of bytes written. A
// reader body of known length writes exactly that many bytes, or fails with
// [io.ErrUnexpectedEOF] when the reader ends early.
func (b Body) WriteTo(w io.Writer) (int64, error) {
	switch b.kind {
	case bytesBody:
		n, err := w.Write(b.bytes)
		return int64(n), err
	case stringBody:
		n, err := io.WriteString(w, b.str)
		return int64(n), err
	case readerBody:
		if b.size >= 0 {
			n, err := io.CopyN(w, b.reader, b.size)
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return n, err
		}
		return io.Copy(w, b.reader)
	case streamBody:
		cw := countingWriter{w: w}
		err := b.stream(&cw)
		return cw.n, err
	}
	return 0, nil
}

// Close closes a reader body's reader when it is an [io.Closer]; servers call
// it once the response is done, written or not.
func (b Body) Close() error {
	if c, ok := b.reader.(io.Closer); ok && b.kind == readerBody {
		return c.Close()
	}
	return nil
}

// countingWriter counts what a stream writes and passes Flush through.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func (c *countingWriter) Flush() error { return Flush(c.w) }

// Flush pushes what a streaming body has written so far to the client, when
// w supports it (a writer with Flush() error, an [http.Flusher] or a
// [bufio.Writer]); otherwise it does nothing.
func Flush(w io.Writer) error {
	switch f := w.(type) {
	case interface{ Flush() error }:
		return f.Flush()
	case http.Flusher:
		f.Flush()
	}
	return nil
}
