package compress

import (
	"github.com/iron-go/iron"
	"github.com/iron-go/iron/internal/accept"
)

// negotiate returns the coding to use for req, or nil for identity (RFC 9110
// section 12.5.3): the coding of highest weight in its Accept-Encoding,
// when that weight is above zero and at least identity's, ties going to the
// order of c.codings. When the client refuses every coding and identity too,
// the answer is still identity: better an unencoded answer than none. A
// request without Accept-Encoding gets identity: the RFC allows any coding
// then, but clients that send none rarely decode any.
func (c *Compress) negotiate(req *iron.Request) *coding {
	var buf [maxCodings]int
	// c.order names c.codings, in the same order.
	if best := accept.Encodings(buf[:0], req.HeaderValues("Accept-Encoding"), c.order); len(best) > 0 {
		return c.codings[best[0]]
	}
	return nil
}
