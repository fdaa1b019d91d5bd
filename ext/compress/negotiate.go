package compress

import (
	"strconv"
	"strings"
)

// negotiate returns the coding to use for a request whose Accept-Encoding
// header has the given values, or nil for identity (RFC 9110 section
// 12.5.3): the coding of highest weight, when that weight is above zero and
// at least identity's. codings is in the server's order of preference, which
// breaks ties. When the client refuses every coding and identity too, the
// answer is still identity: better an unencoded answer than none. A request
// without Accept-Encoding gets identity: the RFC allows any coding then, but
// clients that send none rarely decode any.
func negotiate(accept []string, codings []*coding) *coding {
	if len(accept) == 0 {
		return nil
	}
	const unset = -1.0
	var q [maxCodings]float64
	for i := range q {
		q[i] = unset
	}
	star, identity := unset, unset
	for _, v := range accept {
		for elem := range strings.SplitSeq(v, ",") {
			name, weight, ok := parseElement(elem)
			if !ok {
				continue
			}
			switch {
			case name == "*":
				star = weight
			case strings.EqualFold(name, "identity"):
				identity = weight
			default:
				if strings.EqualFold(name, "x-gzip") {
					name = "gzip" // RFC 9110 section 8.4.1.3
				}
				for i, c := range codings {
					if strings.EqualFold(name, c.name) {
						q[i] = weight
					}
				}
			}
		}
	}
	// Identity is always acceptable unless refused ("identity;q=0", or
	// "*;q=0" without an entry for identity), but a client that does not
	// weigh it prefers any coding it does name: unweighed, it loses every
	// tie.
	if identity == unset {
		identity = max(star, 0)
	}
	var best *coding
	bestQ := 0.0
	for i, c := range codings {
		w := q[i]
		if w == unset {
			w = max(star, 0)
		}
		if w > bestQ {
			best, bestQ = c, w
		}
	}
	if best == nil || bestQ < identity {
		return nil
	}
	return best
}

// parseElement parses one element of Accept-Encoding: a coding and an
// optional weight ("gzip;q=0.8"). ok is false for an empty or malformed
// element, which is ignored.
func parseElement(elem string) (name string, q float64, ok bool) {
	name, params, _ := strings.Cut(elem, ";")
	name = strings.TrimSpace(name)
	if name == "" {
		return "", 0, false
	}
	q = 1
	for p := range strings.SplitSeq(params, ";") {
		k, v, found := strings.Cut(strings.TrimSpace(p), "=")
		if !found || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		w, valid := parseQValue(strings.TrimSpace(v))
		if !valid {
			return "", 0, false
		}
		q = w
	}
	return name, q, true
}

// parseQValue parses a weight as RFC 9110 section 12.4.2 writes it: "0" or
// "1", optionally followed by a dot and up to three digits, never above 1.
// strconv.ParseFloat alone would also take "NaN", "1e0" or "0x1p-1".
func parseQValue(s string) (float64, bool) {
	if s == "" || (s[0] != '0' && s[0] != '1') {
		return 0, false
	}
	if len(s) > 1 {
		frac, ok := strings.CutPrefix(s[1:], ".")
		if !ok || len(frac) > 3 || strings.Trim(frac, "0123456789") != "" {
			return 0, false
		}
		if s[0] == '1' && strings.Trim(frac, "0") != "" {
			return 0, false
		}
	}
	w, err := strconv.ParseFloat(s, 64)
	return w, err == nil
}
