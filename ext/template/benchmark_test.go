package template_test

import (
	"net/http"
	"testing"

	"github.com/iron-go/iron"
	"github.com/iron-go/iron/ext/template"
)

// BenchmarkRender is a page with a layout rendered into a response.
func BenchmarkRender(b *testing.B) {
	tm, err := template.New(site, "testdata/site/*.html", template.Layouts("testdata/site/layouts/*.html"))
	if err != nil {
		b.Fatal(err)
	}
	data := map[string]string{"Name": "alice"}
	b.ReportAllocs()
	for b.Loop() {
		res := iron.With(http.StatusOK, tm.Render("index.html", data))
		if res.Status != http.StatusOK {
			b.Fatal(res.Status)
		}
	}
}
