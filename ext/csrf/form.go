package csrf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"

	"github.com/iron-go/iron"
)

// maxTokenField bounds the token field read from a multipart form: a token
// is 86 bytes.
const maxTokenField = 1024

// submitted returns the token the request carries: its header, else its
// form field; "" when there is none. A form body it reads is put back for
// the rest of the chain.
func (t *Tokens) submitted(req *iron.Request) (string, error) {
	if v := req.HeaderValue(t.c.header); v != "" {
		return v, nil
	}
	mediaType, params, err := mime.ParseMediaType(req.HeaderValue("Content-Type"))
	if err != nil {
		return "", nil // not a form: no field
	}
	switch mediaType {
	case "application/x-www-form-urlencoded":
		return t.fromURLEncoded(req)
	case "multipart/form-data":
		return t.fromMultipart(req, params["boundary"]), nil
	}
	return "", nil
}

// fromURLEncoded reads the whole form body, up to the limit, and puts it
// back.
func (t *Tokens) fromURLEncoded(req *iron.Request) (string, error) {
	body, err := io.ReadAll(io.LimitReader(req.Body(), t.c.maxBody+1))
	req.SetBody(bytes.NewReader(body))
	if err != nil {
		if _, ok := errors.AsType[*iron.Error](err); ok {
			return "", err // the server's own answer, such as its 413
		}
		return "", iron.NewError(fmt.Errorf("csrf: reading the form: %w", err), http.StatusBadRequest, "Bad Request: the form could not be read\n")
	}
	if int64(len(body)) > t.c.maxBody {
		return "", iron.NewError(fmt.Errorf("csrf: form over %d bytes: %w", t.c.maxBody, iron.ErrBodyTooLarge),
			http.StatusRequestEntityTooLarge, fmt.Sprintf("Content Too Large: a form is at most %d bytes\n", t.c.maxBody))
	}
	// ParseQuery keeps what it could parse when a pair is malformed.
	values, _ := url.ParseQuery(string(body))
	return values.Get(FieldName), nil
}

// fromMultipart reads the form's parts up to the token field, the first
// file or the limit, whichever comes first, and puts back what it read in
// front of the rest of the body.
func (t *Tokens) fromMultipart(req *iron.Request, boundary string) string {
	if boundary == "" {
		return ""
	}
	rest := req.Body()
	var read bytes.Buffer
	capped := &capReader{r: io.TeeReader(rest, &read), left: t.c.maxBody}
	defer func() { req.SetBody(io.MultiReader(bytes.NewReader(read.Bytes()), rest)) }()
	mr := multipart.NewReader(capped, boundary)
	for {
		part, err := mr.NextPart()
		if err != nil {
			return "" // the end, a malformed form or the limit: no token
		}
		if part.FileName() != "" {
			return "" // the token comes before the files, or not at all
		}
		if part.FormName() == FieldName {
			v, err := io.ReadAll(io.LimitReader(part, maxTokenField))
			if err != nil {
				return ""
			}
			return string(v)
		}
	}
}

// capReader reads from r until left bytes have been read, then fails.
type capReader struct {
	r    io.Reader
	left int64
}

var errCapped = errors.New("csrf: form read limit reached")

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, errCapped
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}
