package bodyparser

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/iron-go/iron"
)

// Sentinels matched with errors.Is, whatever error type carries the details.
// The client errors of bodyparser, urlencoded and params wrap one of these
// or [iron.ErrBodyTooLarge].
var (
	// ErrUnsupportedMediaType: the body is not of a content type the parser
	// reads (415 Unsupported Media Type). See [MediaTypeError].
	ErrUnsupportedMediaType = errors.New("bodyparser: unsupported content type")
	// ErrMalformed: the body (or query string) does not parse, or holds a
	// value of the wrong type (400 Bad Request). See [SyntaxError].
	ErrMalformed = errors.New("bodyparser: malformed request data")
	// ErrInvalid: the body parses, but its values break the rules of the
	// type it is bound to (422 Unprocessable Content). See
	// [ValidationError].
	ErrInvalid = errors.New("bodyparser: invalid request data")
)

// MediaTypeError is a body whose Content-Type the parser does not read.
// Its text is meant for the client.
type MediaTypeError struct {
	// Got is the request's Content-Type, "" when it sent none.
	Got string
	// Expected lists the media types the parser reads.
	Expected []string
}

// Error says what was sent and what is read.
func (e *MediaTypeError) Error() string {
	want := strings.Join(e.Expected, " or ")
	if e.Got == "" {
		return "missing Content-Type: expected " + want
	}
	return fmt.Sprintf("unsupported Content-Type %q: expected %s", e.Got, want)
}

// Unwrap returns [ErrUnsupportedMediaType].
func (e *MediaTypeError) Unwrap() error { return ErrUnsupportedMediaType }

// SyntaxError is request data that does not parse, or a JSON value of the
// wrong type for the field it goes into. Its text is meant for the client.
type SyntaxError struct {
	// Format names what was being parsed: "JSON", "form", "query",
	// "multipart" or "body".
	Format string
	// Msg says what is wrong.
	Msg string
	// Offset is the byte offset in the input where it went wrong, -1 when
	// unknown.
	Offset int64
	// Line and Column (1-based, Column counting bytes) locate Offset in a
	// JSON body; 0 when not computed.
	Line, Column int
	// Path is the JSON path of a value of the wrong type
	// ("items[2].priority"), else "".
	Path string
	// Err is the error this one stands for, if any (a server's read
	// error), kept for errors.Is and logs; it is not sent.
	Err error
}

// Error says what is wrong and where, for the client.
func (e *SyntaxError) Error() string {
	var b strings.Builder
	b.WriteString("malformed ")
	b.WriteString(e.Format)
	switch {
	case e.Line > 0:
		fmt.Fprintf(&b, " at line %d, column %d (byte offset %d)", e.Line, e.Column, e.Offset)
	case e.Offset >= 0:
		fmt.Fprintf(&b, " at byte offset %d", e.Offset)
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns [ErrMalformed], and Err when set.
func (e *SyntaxError) Unwrap() []error { return unwrap(ErrMalformed, e.Err) }

// FieldError is one rule a value breaks.
type FieldError struct {
	// Path is the value's JSON path: "text", "address.city", "items[2].name";
	// for params, the parameter's dotted path.
	Path string `json:"path"`
	// Rule names the rule: "required", "nonempty", "min", "max", "oneof",
	// "unknown" (a key the type has no field for, with
	// [DisallowUnknownFields]), "duplicate" (a key given twice), "valid"
	// (a [Validator]'s plain error), or one a Validator chose; params adds
	// "int", "float" and "bool" for values that do not convert.
	Rule string `json:"rule"`
	// Message says what is wrong in words, naming the path.
	Message string `json:"message"`
}

// ValidationError lists every rule the request data breaks, in the order
// they were found.
type ValidationError struct {
	Fields []FieldError
}

// Error joins the messages of every violation.
func (e *ValidationError) Error() string {
	msgs := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		msgs[i] = f.Message
	}
	return "invalid request data: " + strings.Join(msgs, "; ")
}

// Unwrap returns [ErrInvalid].
func (e *ValidationError) Unwrap() error { return ErrInvalid }

// LimitError is request data over a limit: the body, a part of it, or a
// count. Its text is meant for the client.
type LimitError struct {
	// What names what is over: "request body", `file "avatar"`, "files".
	What string
	// Limit is the limit, in Unit; 0 when unknown (a server's own body
	// limit that did not say).
	Limit int64
	// Unit is "bytes", or what Limit counts ("files", "fields").
	Unit string
	// Err is the error this one stands for, if any (a server's limit
	// error), kept for errors.Is and logs; it is not sent.
	Err error
}

// Error names what is over which limit.
func (e *LimitError) Error() string {
	if e.Limit <= 0 {
		return e.What + " too large"
	}
	if e.Unit == "bytes" {
		return fmt.Sprintf("%s over the limit of %d bytes", e.What, e.Limit)
	}
	return fmt.Sprintf("%s: more than the limit of %d %s", e.What, e.Limit, e.Unit)
}

// Unwrap returns [iron.ErrBodyTooLarge], and Err when set.
func (e *LimitError) Unwrap() []error { return unwrap(iron.ErrBodyTooLarge, e.Err) }

func unwrap(sentinel, cause error) []error {
	if cause == nil {
		return []error{sentinel}
	}
	return []error{sentinel, cause}
}

// errorBody is the JSON body of every client error (see the package doc).
type errorBody struct {
	Error    string       `json:"error"`
	Expected []string     `json:"expected,omitempty"`
	Offset   *int64       `json:"offset,omitempty"`
	Line     int          `json:"line,omitempty"`
	Column   int          `json:"column,omitempty"`
	Path     string       `json:"path,omitempty"`
	Limit    int64        `json:"limit,omitempty"`
	Unit     string       `json:"unit,omitempty"`
	Fields   []FieldError `json:"fields,omitempty"`
}

// ClientError returns the [*iron.Error] that answers err, one of this
// package's error types: 415 for a [*MediaTypeError], 400 for a
// [*SyntaxError], 413 for a [*LimitError], 422 for a [*ValidationError],
// each with the JSON body the package doc describes. Any other error gets a
// 500 whose body says nothing of it. urlencoded and params answer their
// client errors through it, so that all three speak one shape.
func ClientError(err error) *iron.Error {
	var (
		status int
		body   = errorBody{Error: err.Error()}
	)
	var (
		mt *MediaTypeError
		se *SyntaxError
		le *LimitError
		ve *ValidationError
	)
	switch {
	case errors.As(err, &mt):
		status, body.Expected = http.StatusUnsupportedMediaType, mt.Expected
	case errors.As(err, &se):
		status = http.StatusBadRequest
		if se.Offset >= 0 {
			off := se.Offset
			body.Offset = &off
		}
		body.Line, body.Column, body.Path = se.Line, se.Column, se.Path
	case errors.As(err, &le):
		status, body.Limit, body.Unit = http.StatusRequestEntityTooLarge, le.Limit, le.Unit
		if le.Limit <= 0 {
			body.Unit = ""
		}
	case errors.As(err, &ve):
		status, body.Fields = http.StatusUnprocessableEntity, ve.Fields
	default:
		return iron.NewError(err)
	}
	b, merr := json.Marshal(body)
	if merr != nil { // only strings and numbers: cannot happen
		return iron.NewError(errors.Join(err, merr))
	}
	return iron.NewError(err, status, iron.JSON, b)
}
