// Package compress compresses response bodies with the best encoding the
// client accepts: Brotli, Zstandard or gzip.
//
// [Compress] is an after middleware. For each response it decides, in order:
//
//   - whether the response is worth compressing at all: it must have a body
//     of at least [MinSize] bytes (or of unknown length), a status other
//     than 1xx, 204, 206 or 304, no Content-Encoding (other than identity)
//     and no Content-Range already, no Cache-Control: no-transform, and a
//     Content-Type that is not compressed already (images other than SVG,
//     BMP and icons, audio, video, fonts in WOFF, archives; see
//     [SkipTypes]). A response that is not is passed on untouched;
//   - which encoding to use, from the request's Accept-Encoding with its
//     q-values (RFC 9110 section 12.5.3): the encoding with the highest q
//     wins, ties going to the server's preference ([Encodings]: br, zstd,
//     gzip by default); "*" stands for any encoding not named; q=0 refuses an
//     encoding; identity is chosen when the client weighs it above every
//     encoding it accepts, when it accepts none, or when it sends no
//     Accept-Encoding at all;
//   - then it adds Vary: Accept-Encoding, since the answer now depends on
//     that header, and, when an encoding was chosen, sets Content-Encoding,
//     removes Content-Length and Accept-Ranges, weakens a strong ETag (the
//     compressed bytes differ from the ones the tag names; RFC 9110 section
//     8.8.1) and replaces the body with its compressed form, of unknown
//     length, so the server sends it chunked.
//
// A HEAD request gets the headers a GET would, and no body is encoded. A 304
// Not Modified gets Vary: Accept-Encoding when its headers would let it be
// encoded, since it must carry the Vary of the 200 it stands for (RFC 9110
// section 15.4.5). The middleware changes the response a chain hands it,
// the request's own copy ([iron.Own]), in place: a response the handler
// shares between requests is never changed.
//
// # Streaming
//
// The body is compressed as it is written, never buffered whole. A
// streaming body ([iron.StreamBody]) that calls [iron.Flush] gets the
// encoder flushed and then the connection, so a client sees each flushed
// part as soon as the body flushes it (server-sent events keep working, at
// a small cost in compression ratio).
//
// The compressed body is a reader body whose reader also implements
// [io.WriterTo] and [io.Closer]: the server's copy uses WriteTo, which
// encodes straight into the connection on the server's goroutine, and the
// server's Close closes the original body (a file, say) even when the
// response is never written, as for a HEAD request; an [iron.StreamBody]
// wrapping the original could not, since a stream has nothing to close. A
// caller that reads it with Read instead gets the same bytes through a pipe
// and one goroutine.
//
// Encoders are pooled per encoding ([sync.Pool]): an encoder holds hundreds
// of kilobytes of tables, and making one per response would dominate the
// cost of compressing a small one; a pooled encoder allocates nothing per
// response (benchmarks/README.md has the figures of BenchmarkEncoder).
//
// Link it as an after middleware, after any that change the body and before
// a logger (which then logs the compressed body's length as unknown, -1):
//
//	c.LinkAfter(compress.New(compress.MinSize(512)))
//
// [New] takes options and checks them: a bad value (an unknown encoding, a
// level out of range) panics there with an error naming the option and the
// value. [Skip] leaves chosen requests' responses alone.
package compress
