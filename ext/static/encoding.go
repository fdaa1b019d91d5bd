package static

import (
	"strconv"
	"strings"
)

// coding is a content coding a precompressed sibling may have.
type coding struct {
	name   string // as sent in Content-Encoding
	suffix string // of the sibling file
}

// codings are the precompressed siblings looked for, in the order preferred
// when the client weighs them equally: brotli is smaller.
var codings = [...]coding{{"br", ".br"}, {"gzip", ".gz"}}

// acceptedCodings returns the codings the Accept-Encoding value accepts, best
// first (by q-value, ties in the order of [codings]), in buf. A coding refused
// with q=0, or weighed below an explicit "identity", is left out: the file as
// it is is then preferred. "*" stands for the codings the value does not name.
func acceptedCodings(header string, buf *[len(codings)]coding) []coding {
	if header == "" {
		return nil
	}
	var q [len(codings)]float64
	var named [len(codings)]bool
	star, identity := 0.0, -1.0
	for elem := range strings.SplitSeq(header, ",") {
		name, params, _ := strings.Cut(elem, ";")
		name = strings.TrimSpace(name)
		w, ok := qValue(params)
		if !ok {
			continue
		}
		switch {
		case name == "*":
			star = w
		case strings.EqualFold(name, "identity"):
			identity = w
		default:
			for i, c := range codings {
				// x-gzip is gzip (RFC 9110 section 8.4.1.3).
				if strings.EqualFold(name, c.name) || (c.name == "gzip" && strings.EqualFold(name, "x-gzip")) {
					if !named[i] || w > q[i] {
						q[i] = w
					}
					named[i] = true
				}
			}
		}
	}
	out := buf[:0]
	var weights [len(codings)]float64
	for i, c := range codings {
		w := q[i]
		if !named[i] {
			w = star
		}
		if w <= 0 || w < identity {
			continue
		}
		// Insertion sort, stable: equal weights keep the order of codings.
		j := len(out)
		out = append(out, c)
		for j > 0 && weights[j-1] < w {
			out[j], weights[j] = out[j-1], weights[j-1]
			j--
		}
		out[j], weights[j] = c, w
	}
	return out
}

// qValue returns the weight in the parameters of an Accept-Encoding element
// (";q=0.5"), 1 when there is none, and false when it is malformed.
func qValue(params string) (float64, bool) {
	for p := range strings.SplitSeq(params, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		return parseQ(strings.TrimSpace(v))
	}
	return 1, true
}

// parseQ parses a qvalue as RFC 9110 section 12.4.2 writes it: "0" to "1"
// with at most three decimals. Anything else (NaN, "1e0", "2") is malformed.
func parseQ(v string) (float64, bool) {
	if len(v) == 0 || len(v) > 5 || (v[0] != '0' && v[0] != '1') {
		return 0, false
	}
	if len(v) > 1 {
		if v[1] != '.' {
			return 0, false
		}
		for _, c := range v[2:] {
			if c < '0' || c > '9' || (v[0] == '1' && c != '0') {
				return 0, false
			}
		}
	}
	w, err := strconv.ParseFloat(v, 64)
	return w, err == nil
}
