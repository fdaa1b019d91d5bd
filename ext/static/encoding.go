package static

// coding is a content coding a precompressed sibling may have.
type coding struct {
	name   string // as sent in Content-Encoding
	suffix string // of the sibling file
}

// codings are the precompressed siblings looked for, in the order preferred
// when the client weighs them equally: brotli is smaller.
var codings = [...]coding{{"br", ".br"}, {"gzip", ".gz"}}

// codingNames are the names of [codings], in the same order, as
// accept.Encodings takes them.
var codingNames = func() (names [len(codings)]string) {
	for i, c := range codings {
		names[i] = c.name
	}
	return names
}()
