// Package accept reads the Accept-Encoding request header (RFC 9110
// section 12.5.3) for the packages that choose a content coding: the
// compress middleware, which encodes answers on the fly, and the static
// file server, which serves precompressed siblings of files.
//
// Both ask the same question, which codings of those the server offers the
// client takes, best first, and must answer it alike, so the answer lives
// here once:
//
//	var buf [3]int
//	for _, i := range accept.Encodings(buf[:0], req.HeaderValues("Accept-Encoding"), offered) {
//		// offered[i] is acceptable; the first is the best.
//	}
package accept
