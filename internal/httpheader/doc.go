// Package httpheader holds the header grammar of RFC 9110 that the engine
// and the extensions share, so that every package reads a list, a token or a
// field value alike: membership of a comma-separated list
// ([HasToken], [HasDirective], [NextElement]), the Vary merge ([AddVary]),
// quoted-strings ([Quote], [CutQuoted]), and the validators of tokens and
// field values ([IsToken], [ValidFieldValue], [SafeFieldValue],
// [SafeHeader]).
//
// It depends on the standard library only, so that package engine may
// import it. Every function is safe for concurrent use, and none allocates
// but [AddVary], which adds to a header, [Quote], and [CutQuoted] on a
// quoted-string with escapes.
//
//	if httpheader.HasToken(res.Header.Values("Connection"), "close") { ... }
//	httpheader.AddVary(res.Header, "Accept-Encoding")
package httpheader
