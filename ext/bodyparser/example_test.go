package bodyparser_test

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/bodyparser"
)

type newNote struct {
	Text     string   `json:"text" bind:"required,nonempty,max=500"`
	Priority int      `json:"priority" bind:"required,min=0,max=5"`
	Tags     []string `json:"tags" bind:"max=10"`
}

func createNote(req *iron.Request) (*iron.Response, error) {
	n, err := bodyparser.Struct[newNote](req)
	if err != nil {
		return nil, err // the 4xx the client should get
	}
	return iron.With(http.StatusCreated, fmt.Sprintf("note %q, priority %d, tags %v", n.Text, n.Priority, n.Tags)), nil
}

// post shows what a client gets for a JSON body.
func post(h iron.Handler, contentType, body string) {
	req := iron.NewRequest("POST", "/notes", strings.NewReader(body))
	if contentType != "" {
		req.Header().Set("Content-Type", contentType)
	}
	res, err := h.Handle(req)
	if err != nil {
		res = iron.ErrorResponse(err) // what a server sends for an error
	}
	var b strings.Builder
	_, _ = res.Body().WriteTo(&b)
	fmt.Println(res.StatusCode(), b.String())
}

func Example() {
	c := chain.New(iron.HandlerFunc(createNote))
	c.LinkBefore(bodyparser.New(bodyparser.MaxBodyBytes(64 << 10)))

	post(c, "application/json", `{"text": "buy milk", "priority": 0}`)
	post(c, "application/json", `{"text": "buy milk"}`)
	post(c, "application/json", `{"text": "", "priority": 9}`)
	post(c, "application/json", `{"text": "buy milk", "priority": "high"}`)
	post(c, "application/json", `{"text": "buy milk",}`)
	post(c, "text/plain", `buy milk`)
	// Output:
	// 201 note "buy milk", priority 0, tags []
	// 422 {"error":"invalid request data: priority is required","fields":[{"path":"priority","rule":"required","message":"priority is required"}]}
	// 422 {"error":"invalid request data: text must not be empty; priority must be at most 5","fields":[{"path":"text","rule":"nonempty","message":"text must not be empty"},{"path":"priority","rule":"max","message":"priority must be at most 5"}]}
	// 400 {"error":"malformed JSON at line 1, column 34 (byte offset 33): priority: expected an integer, got string","offset":33,"line":1,"column":34,"path":"priority"}
	// 400 {"error":"malformed JSON at line 1, column 21 (byte offset 20): invalid character '}' looking for beginning of object key string","offset":20,"line":1,"column":21}
	// 415 {"error":"unsupported Content-Type \"text/plain\": expected application/json or application/*+json","expected":["application/json","application/*+json"]}
}

// A body over the chain's limit is refused with 413, before it is read when
// its Content-Length says so.
func ExampleMaxBodyBytes() {
	c := chain.New(iron.HandlerFunc(createNote))
	c.LinkBefore(bodyparser.New(bodyparser.MaxBodyBytes(16)))
	post(c, "application/json", `{"text": "a note far too long for sixteen bytes", "priority": 1}`)
	// Output:
	// 413 {"error":"request body over the limit of 16 bytes","limit":16,"unit":"bytes"}
}

// JSON decodes into an any; numbers keep their digits as json.Number.
func ExampleJSON() {
	req := iron.NewRequest("POST", "/", strings.NewReader(`{"id": 12345678901234567890, "ok": true}`))
	req.Header().Set("Content-Type", "application/json")
	v, err := bodyparser.JSON(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	m := v.(map[string]any)
	fmt.Printf("%T %v, %T %v\n", m["id"], m["id"], m["ok"], m["ok"])
	// Output:
	// json.Number 12345678901234567890, bool true
}

// Raw reads any body, and leaves it readable for whoever reads it next.
func ExampleRaw() {
	req := iron.NewRequest("POST", "/hook", strings.NewReader("payload"))
	b, err := bodyparser.Raw(req)
	fmt.Printf("%q %v\n", b, err)
	again := make([]byte, 16)
	n, _ := req.Body().Read(again)
	fmt.Printf("%q\n", again[:n])
	// Output:
	// "payload" <nil>
	// "payload"
}

type booking struct {
	From int `json:"from" bind:"required"`
	To   int `json:"to" bind:"required"`
}

// Validate checks what a tag cannot: a rule across two fields.
func (b booking) Validate() error {
	if b.To <= b.From {
		return &bodyparser.ValidationError{Fields: []bodyparser.FieldError{
			{Path: "to", Rule: "after", Message: "to must be after from"},
		}}
	}
	return nil
}

func ExampleValidator() {
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		b, err := bodyparser.Struct[booking](req)
		if err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, fmt.Sprint(b.From, "-", b.To)), nil
	})
	post(h, "application/json", `{"from": 3, "to": 1}`)
	post(h, "application/json", `{"from": 0, "to": 1}`)
	// Output:
	// 422 {"error":"invalid request data: to must be after from","fields":[{"path":"to","rule":"after","message":"to must be after from"}]}
	// 200 0-1
}
