package params_test

import (
	"bytes"
	"fmt"
	"log"
	"mime/multipart"
	"net/http"
	"os"
	"strings"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/params"
)

func Example() {
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		p, err := params.Get(req)
		if err != nil {
			return nil, err
		}
		if err := p.Require("user.name"); err != nil {
			return nil, err
		}
		page, err := p.IntOr("page", 1)
		if err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, fmt.Sprintf("name=%s tags=%v page=%d first item=%s",
			p.String("user.name"), p.Strings("tags"), page, p.String("items.0.name"))), nil
	})
	show := func(target, contentType, body string) {
		req := iron.NewRequest("POST", target, strings.NewReader(body))
		req.Header().Set("Content-Type", contentType)
		res, err := h.Handle(req)
		if err != nil {
			res = iron.ErrorResponse(err) // what a server sends for an error
		}
		var b strings.Builder
		_, _ = res.Body().WriteTo(&b)
		fmt.Println(res.StatusCode(), b.String())
	}
	const form = "application/x-www-form-urlencoded"
	show("/?page=2", form, "user[name]=Ann&tags[]=a&tags[]=b&items[0][name]=pen")
	show("/", "application/json", `{"user": {"name": "Bob"}, "tags": ["x"], "items": [{"name": "ink"}]}`)
	show("/?page=two", form, "user[name]=Ann")
	show("/", form, "user[name]=")
	// Output:
	// 200 name=Ann tags=[a b] page=2 first item=pen
	// 200 name=Bob tags=[x] page=1 first item=ink
	// 422 {"error":"invalid request data: page must be an integer","fields":[{"path":"page","rule":"int","message":"page must be an integer"}]}
	// 422 {"error":"invalid request data: user.name is required","fields":[{"path":"user.name","rule":"required","message":"user.name is required"}]}
}

// Uploaded files are streamed to temporary files, removed when the request
// ends; limits are set per chain.
func Example_upload() {
	h := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		p, err := params.Get(req)
		if err != nil {
			return nil, err
		}
		f := p.File("avatar")
		if f == nil {
			return nil, p.Require("avatar")
		}
		return iron.With(http.StatusCreated, fmt.Sprintf("%s, %d bytes, %s", f.Name, f.Size, f.ContentType)), nil
	})
	c := chain.New(h)
	c.LinkBefore(params.New(params.MaxFileBytes(1 << 20)))

	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fw, _ := w.CreateFormFile("avatar", "me.png")
	fw.Write([]byte("\x89PNG..."))
	w.Close()
	req := iron.NewRequest("POST", "/avatar", &body)
	req.Header().Set("Content-Type", w.FormDataContentType())
	defer params.RemoveFiles(req) // iron.NewRequest's context never ends; a server's does

	res, err := c.Handle(req)
	if err != nil {
		res = iron.ErrorResponse(err) // what a server sends for an error
	}
	s, _ := res.Body().Text()
	fmt.Println(res.StatusCode(), s)
	// Output:
	// 201 me.png, 7 bytes, application/octet-stream
}

// A program that takes the upload directory from its configuration checks
// it at start-up, with an error for whoever started it: TempDir only
// records the name, and a directory missing later fails uploads with a 500
// and a log line.
func ExampleTempDir() {
	uploads := os.TempDir() // say, from a -uploads flag
	if fi, err := os.Stat(uploads); err != nil || !fi.IsDir() {
		log.Fatalf("site: -uploads %s: not a directory", uploads)
	}
	settings := params.New(params.TempDir(uploads), params.MaxFileBytes(8<<20))
	c := chain.New(iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		p, err := params.Get(req)
		if err != nil {
			return nil, err
		}
		return iron.With(http.StatusOK, fmt.Sprintf("%d files", len(p.Files("docs")))), nil
	}))
	c.LinkBefore(settings)
	fmt.Println("ready")
	// Output: ready
}
