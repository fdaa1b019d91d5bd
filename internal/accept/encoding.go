package accept

import (
	"strings"

	"github.com/iron-go/iron/internal/httpheader"
)

// unset marks a weight the header does not give.
const unset = -1

// maxWeight is q=1 in thousandths: a qvalue has at most three decimals, so
// weights are kept as integers, exactly.
const maxWeight = 1000

// Encodings appends to dst the indexes into offered of the content codings
// that the Accept-Encoding header values accept, and returns the extended
// slice. The best comes first: by weight (q-value), ties in the order of
// offered, which is the server's preference.
//
// A coding is left out when the header refuses it with q=0, or weighs it
// below identity, the representation as it is. Identity's weight is that of
// an "identity" element, else that of "*", else zero: a client that does not
// weigh identity prefers any coding it accepts. "*" stands for every coding
// the header does not name. Names are case-insensitive, "x-gzip" is "gzip"
// (RFC 9110 section 8.4.1.3), and a coding named twice gets its highest
// weight. Elements with a malformed weight ("q=2", "q=NaN", "q=0.0001") are
// ignored, as if absent.
//
// Without header values, nothing is appended: the RFC lets the server choose
// any coding then, but clients that send no Accept-Encoding rarely decode
// any. Encodings allocates only when offered has more than eight codings or
// dst too little capacity.
func Encodings(dst []int, values, offered []string) []int {
	if len(values) == 0 || len(offered) == 0 {
		return dst
	}
	var stack [8]int
	weights := stack[:]
	if len(offered) > len(stack) {
		weights = make([]int, len(offered))
	}
	weights = weights[:len(offered)]
	for i := range weights {
		weights[i] = unset
	}
	star, identity := unset, unset
	for _, v := range values {
		for rest := v; rest != ""; {
			var elem string
			elem, rest = httpheader.NextElement(rest)
			name, w, ok := parseElement(elem)
			if !ok {
				continue
			}
			switch {
			case name == "*":
				star = max(star, w)
			case strings.EqualFold(name, "identity"):
				identity = max(identity, w)
			default:
				if strings.EqualFold(name, "x-gzip") {
					name = "gzip"
				}
				for i, o := range offered {
					if strings.EqualFold(name, o) {
						weights[i] = max(weights[i], w)
					}
				}
			}
		}
	}
	if identity == unset {
		identity = max(star, 0)
	}
	star = max(star, 0)

	start := len(dst)
	for i := range offered {
		w := weights[i]
		if w == unset {
			w = star
		}
		weights[i] = w
		if w == 0 || w < identity {
			continue
		}
		// Insertion sort, stable: equal weights keep the order of offered.
		j := len(dst)
		dst = append(dst, i)
		for j > start && weights[dst[j-1]] < w {
			dst[j] = dst[j-1]
			j--
		}
		dst[j] = i
	}
	return dst
}

// parseElement parses one element of Accept-Encoding: a coding and an
// optional weight ("gzip;q=0.8"), in thousandths. ok is false for an empty
// element or a malformed weight: the element is then ignored. Parameters
// other than q, which RFC 9110 does not define here, are skipped.
func parseElement(elem string) (name string, weight int, ok bool) {
	name, params, _ := strings.Cut(elem, ";")
	name = strings.TrimSpace(name)
	if name == "" {
		return "", 0, false
	}
	for p := range strings.SplitSeq(params, ";") {
		k, v, found := strings.Cut(p, "=")
		if !found || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		weight, ok = parseQValue(strings.TrimSpace(v))
		return name, weight, ok
	}
	return name, maxWeight, true
}

// parseQValue parses a weight as RFC 9110 section 12.4.2 writes it, in
// thousandths: "0" or "1", optionally followed by a dot and up to three
// digits, never above 1:
//
//	qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
//
// Anything else ("NaN", "1e0", ".5", "2", "0.0001") is malformed.
func parseQValue(s string) (int, bool) {
	if s == "" || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	w := int(s[0]-'0') * maxWeight
	if len(s) == 1 {
		return w, true
	}
	frac, ok := strings.CutPrefix(s[1:], ".")
	if !ok || len(frac) > 3 {
		return 0, false
	}
	scale := maxWeight / 10
	for _, c := range []byte(frac) {
		if c < '0' || c > '9' {
			return 0, false
		}
		w += int(c-'0') * scale
		scale /= 10
	}
	if w > maxWeight {
		return 0, false
	}
	return w, true
}
