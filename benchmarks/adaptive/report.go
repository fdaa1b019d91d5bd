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
	behind := false
	for _, r := range rows {
		mark := ""
		if r.offered < 0.97*r.target {
			mark, behind = " (behind)", true
		}
		fmt.Fprintf(w, "| %.1f× | %.0f%s | %.0f | %.1f %% | %.1f %% | %s | %s | %.0f |\n",
			r.load, r.offered, mark, r.served, 100*r.shed, 100*r.failed, ms(r.p50), ms(r.p99), r.limit)
	}
	fmt.Fprintln(w)
	if behind {
		fmt.Fprintln(w, "(behind): the load generator could not offer the load it was meant to: the machine is")
		fmt.Fprintln(w, "too busy for these figures, which measure it rather than the server.")
		fmt.Fprintln(w)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }
