package params

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"os"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/bodyparser"
)

// errConsumed is what a reader of the body gets once params streamed a
// multipart body out of it.
var errConsumed = errors.New("params: the multipart body was read by params: read the fields from params.Get")

type consumedBody struct{}

// Read fails with errConsumed.
func (consumedBody) Read([]byte) (int, error) { return 0, errConsumed }

// readMultipart streams a multipart/form-data body into fields and
// temporary files, under s's limits.
func readMultipart(req *iron.Request, s *Settings, boundary string) (Map, error) {
	if n := req.ContentLength(); n > s.maxBody {
		return nil, tooLarge("request body", s.maxBody, "bytes")
	}
	body := &countedBody{r: req.Body(), left: s.maxBody}
	req.SetBody(consumedBody{})
	p := multipartReader{req: req, s: s, body: body, m: Map{}}
	if err := p.read(multipart.NewReader(body, boundary)); err != nil {
		// Nothing of a refused request is kept.
		RemoveFiles(req)
		return nil, err
	}
	return p.m, nil
}

type multipartReader struct {
	req           *iron.Request
	s             *Settings
	body          *countedBody
	m             Map
	fields, files int
}

func (p *multipartReader) read(mr *multipart.Reader) error {
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return p.fail(err)
		}
		name := part.FormName()
		if name == "" {
			continue // not a form field (no Content-Disposition name): skipped
		}
		segs, err := parseKey(name)
		if err != nil {
			return malformed(err.Error())
		}
		var v any
		if part.FileName() != "" {
			if p.files++; p.files > p.s.maxFiles {
				return tooLarge("files", int64(p.s.maxFiles), "files")
			}
			v, err = p.saveFile(part, name)
		} else {
			if p.fields++; p.fields > p.s.maxFields {
				return tooLarge("form fields", int64(p.s.maxFields), "fields")
			}
			v, err = p.readField(part, name)
		}
		if err != nil {
			return err
		}
		if err := insert(p.m, name, segs, v); err != nil {
			return malformed(err.Error())
		}
	}
}

func (p *multipartReader) readField(part *multipart.Part, name string) (string, error) {
	b, err := io.ReadAll(io.LimitReader(part, p.s.maxFieldSize+1))
	if err != nil {
		return "", p.fail(err)
	}
	if int64(len(b)) > p.s.maxFieldSize {
		return "", tooLarge(fmt.Sprintf("field %q", name), p.s.maxFieldSize, "bytes")
	}
	return string(b), nil
}

func (p *multipartReader) saveFile(part *multipart.Part, name string) (*File, error) {
	u := uploadsOf(p.req)
	tmp, err := os.CreateTemp(p.s.tempDir, "iron-upload-*")
	if err != nil {
		return nil, p.saveFailed(err)
	}
	if err := u.add(tmp.Name()); err != nil {
		tmp.Close()
		return nil, err
	}
	n, err := io.Copy(tmp, io.LimitReader(part, p.s.maxFile+1))
	if cerr := tmp.Close(); err == nil && cerr != nil {
		return nil, p.saveFailed(cerr)
	}
	if err != nil {
		if p.body.err != nil || !isWriteError(err) {
			return nil, p.fail(err)
		}
		return nil, p.saveFailed(err)
	}
	if n > p.s.maxFile {
		return nil, tooLarge(fmt.Sprintf("file %q", name), p.s.maxFile, "bytes")
	}
	return &File{Name: part.FileName(), ContentType: part.Header.Get("Content-Type"), Size: n, Path: tmp.Name(), Header: part.Header}, nil
}

// saveFailed logs why an upload could not be written to its temporary file
// (the server's fault: a missing directory, a full disk) and returns the
// bare error that makes the request a 500 saying nothing of it.
func (p *multipartReader) saveFailed(err error) error {
	dir := p.s.tempDir
	if dir == "" {
		dir = os.TempDir()
	}
	p.s.log().Log(p.req.PeekContext(), slog.LevelError, "params: cannot save an upload",
		"dir", dir, "method", p.req.Method(), "path", p.req.EscapedPath(), "error", err)
	return fmt.Errorf("params: saving an upload: %w", err)
}

// isWriteError reports whether err came from writing the temporary file
// (a full disk), not from reading the body.
func isWriteError(err error) bool {
	var pe *os.PathError
	return errors.As(err, &pe)
}

// fail returns the error to answer for err, met reading the body: the
// limit, the server's own errors, or a body that is not valid multipart.
func (p *multipartReader) fail(err error) error {
	switch {
	case p.body.over:
		return tooLarge("request body", p.s.maxBody, "bytes")
	case p.body.err != nil && p.body.err != io.EOF:
		return bodyparser.ReadError(p.body.err)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return malformed("the body ends before its closing boundary")
	}
	return malformed(err.Error())
}

func tooLarge(what string, limit int64, unit string) error {
	return bodyparser.ClientError(&bodyparser.LimitError{What: what, Limit: limit, Unit: unit})
}

func malformed(msg string) error {
	return bodyparser.ClientError(&bodyparser.SyntaxError{Format: "multipart", Msg: msg, Offset: -1})
}

// countedBody reads at most left bytes of r, and remembers why reading
// stopped: over the limit, or r's own error.
type countedBody struct {
	r    io.Reader
	left int64
	over bool
	err  error
}

var errOver = errors.New("params: multipart body over the limit")

// Read reads from r, failing with errOver past the limit.
func (c *countedBody) Read(b []byte) (int, error) {
	if c.over {
		return 0, errOver
	}
	if int64(len(b)) > c.left+1 {
		b = b[:c.left+1] // one byte past the limit tells "over" from "exactly"
	}
	n, err := c.r.Read(b)
	if int64(n) > c.left {
		c.over = true
		return int(c.left), errOver
	}
	c.left -= int64(n)
	if err != nil {
		c.err = err
	}
	return n, err
}
