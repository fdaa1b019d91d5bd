package main

import (
	"fmt"
	"io"
	"time"
)

// printTable writes the rows of one configuration as a Markdown table.
func printTable(w io.Writer, title string, rows []row) {
	fmt.Fprintf(w, "%s\n\n", title)
	fmt.Fprintln(w, "| offered (× capacity) | offered req/s | served req/s | shed | failed | p50 | p99 | mean limit |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rows {
		fmt.Fprintf(w, "| %.1f× | %.0f | %.0f | %.1f %% | %.1f %% | %s | %s | %.0f |\n",
			r.load, r.offered, r.served, 100*r.shed, 100*r.failed, ms(r.p50), ms(r.p99), r.limit)
	}
	fmt.Fprintln(w)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
