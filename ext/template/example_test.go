package template_test

import (
	"embed"
	"fmt"
	"net/http"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/chain"
	"github.com/iron-go/iron/ext/template"
)

//go:embed testdata/site
var site embed.FS

func Example() {
	tmpl, err := template.New(site, "testdata/site/*.html", template.Layouts("testdata/site/layouts/*.html"))
	if err != nil {
		panic(err) // a missing or broken file: found at start-up
	}
	home := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		return iron.With(http.StatusOK, tmpl.Render("index.html", map[string]string{"Name": "<alice>"})), nil
	})
	res, _ := home.Handle(iron.NewRequest("GET", "/", nil))
	b, _ := res.Body().Bytes()
	fmt.Println(res.ContentType())
	fmt.Print(string(b))
	// Output:
	// text/html; charset=utf-8
	// <!doctype html><title>Home</title><main><p>Hello, &lt;alice&gt;!</p></main>
}

// Handlers name a page; the templates, linked as an after middleware,
// render it, error pages included.
func ExampleView() {
	tmpl, err := template.New(site, "testdata/site/*.html", template.Layouts("testdata/site/layouts/*.html"))
	if err != nil {
		panic(err)
	}
	home := iron.HandlerFunc(func(req *iron.Request) (*iron.Response, error) {
		return iron.With(template.View("index.html", map[string]string{"Name": "bob"})), nil
	})
	res, _ := chain.New(home).Link(tmpl).Handle(iron.NewRequest("GET", "/", nil))
	b, _ := res.Body().Bytes()
	fmt.Println(res.StatusCode())
	fmt.Print(string(b))
	// Output:
	// 200
	// <!doctype html><title>Home</title><main><p>Hello, bob!</p></main>
}
