// Command chart draws the comparison's picture from cmd/compare's JSON:
// requests per second and server CPU µs per request for every server,
// unpipelined and pipelined, grouped by endpoint, Iron highlighted.
//
//	cd benchmarks/peers
//	go run ./cmd/chart -in ../comparison.json -out ../chart.png
//
// -in takes a comma-separated list, so a pipelined run measured apart can
// join an unpipelined one; the format follows -out's extension (.png or
// .svg).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/iron-go/iron/benchmarks/peers/internal/chart"
	"github.com/iron-go/iron/benchmarks/peers/internal/results"
)

func main() {
	in := flag.String("in", "results.json", "cmd/compare's JSON file(s), comma-separated")
	out := flag.String("out", "chart.png", "the picture to write, .png or .svg")
	project := flag.String("project", "iron", "the server to highlight")
	note := flag.String("note", "", "a remark under the title")
	flag.Parse()

	var files []*results.File
	for p := range strings.SplitSeq(*in, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		f, err := results.Load(p)
		if err != nil {
			fail(err)
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		fail(fmt.Errorf("-in: no file given"))
	}
	var buf bytes.Buffer
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), ".")
	if err := chart.Write(&buf, files, chart.Options{Format: format, Project: *project, Note: *note}); err != nil {
		fail(err)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		fail(err)
	}
	fmt.Fprintln(os.Stderr, "chart: wrote", *out)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "chart:", err)
	os.Exit(1)
}
