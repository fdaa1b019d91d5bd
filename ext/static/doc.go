// Package static serves files: a directory with [Dir] (Iron's staticfile),
// the files of an [io/fs.FS] — an [embed.FS] built into the binary — with
// [FS], one file with [File], and a file a handler chose with
// [Dir.ServeFile] or [FS.ServeFile].
//
//	files, err := static.New("public", static.MaxAge(time.Hour))
//	if err != nil {
//		log.Fatal(err)
//	}
//	defer files.Close()
//	m := mount.New().Mount("/", site).Mount("/static/", files)
//
// Dir and FS serve requests alike, with one implementation: what follows
// holds for both, but where it says otherwise.
//
// # What a request gets
//
// The request path, percent-decoded, names a file under the root. A regular
// file is sent with a Content-Type from its extension (see [ContentType];
// sniffed from its first bytes when the extension is unknown),
// Content-Length, "Accept-Ranges: bytes", an ETag and Last-Modified, and
// Cache-Control when configured ([MaxAge], [CacheControl]). The body is the open file, of known length, so
// that the server can hand it to sendfile(2). A directory is served by its
// first index file ([Index], "index.html" by default), or is a 404; asked for
// without its trailing slash, it is first redirected (301) to the path with
// one, relative to the URL the client sent so that it stays right under
// package mount. Only GET and HEAD are served: any other method is a 405 with
// "Allow: GET, HEAD".
//
// # Conditional and range requests
//
// If-Match, If-Unmodified-Since (412), If-None-Match and If-Modified-Since
// (304) are evaluated in the order of RFC 9110 section 13.2.2. A date
// condition sent on more than one line is a list of dates, which the RFC
// says to ignore, and is ignored. A GET with Range gets a 206 with
// Content-Range for one range, a multipart/byteranges body for several, and
// a 416 with "Content-Range: bytes */size" when no range overlaps the file;
// If-Range (a strong ETag or the exact Last-Modified) falls back to the
// whole file when the file has changed. Positions of any size are read: a
// last position or suffix past the end means "to the end", a first position
// past it does not overlap. A malformed Range, one asking for more bytes
// than the file has (overlaps meant to make the server work), and any Range
// of an empty file (none can be satisfied, RFC 9110 section 14.1.2) are
// ignored and the whole file sent. Cache-Control goes on the file's own
// answers (200, 206, 304), never on a 412 or a 416, so that no shared cache
// keeps an error in the file's place.
//
// # Precompressed files
//
// With [Precompressed] on (the default), a request for "app.js" whose
// Accept-Encoding prefers brotli or gzip (by q-value; brotli on a tie) is
// answered with "app.js.br" or "app.js.gz" when that sibling exists, with
// Content-Encoding set and the Content-Type of "app.js". Every such response
// carries "Vary: Accept-Encoding". Build the siblings at deploy time
// (`brotli -k`, `gzip -k`).
//
// # Nothing escapes the root
//
// The directory is opened as an [os.Root], so no path can reach outside it,
// symbolic links included: a link to a file under the root is followed, one
// leading out is a 404. Before the root sees a path, ".." and "." segments
// (also percent-encoded, "%2e%2e") are a 404, as are dot files (".git",
// ".env") unless [Dotfiles] allows them, and names that are not UTF-8 (no
// [fs.ValidPath] name); a NUL byte or a malformed percent-encoding is a
// 400. Only regular files are opened: a FIFO or a device under the root is
// a 404. An FS checks paths the same way, and what is left is a valid
// fs.FS name for the file system to resolve: see [NewFS] for what os.DirFS
// does with symbolic links.
//
// # Files built into the binary
//
// [NewFS] serves any fs.FS, an embed.FS first. A file system whose root has
// no modification time, as an embed.FS's has none, is taken never to
// change: NewFS reads each file once and its ETag is the SHA-256 of its
// content (each precompressed sibling has its own), strong and the same on
// every instance of one build, and no Last-Modified is sent. Other file
// systems get the validators of a directory, from each file's time and
// size. A file that can only be read in order (no [io.ReaderAt], as a zip
// archive's compressed members) is sent whole: Range is ignored and no
// Accept-Ranges is sent.
//
// # Versioned URLs
//
// With [Versioned]("v"), a page links a file with its version in the query,
// "/static/app.js?v=" + files.Version("app.js") ([FS.Version],
// [Dir.Version], [File.Version]). A request that names the current version
// gets "Cache-Control: public, max-age=31536000, immutable": browsers keep
// it for a year without asking, and the next release, whose file has
// another version, links another URL. Every other request of the file
// gets the configured Cache-Control, which should revalidate ("no-cache"):
// a page of the previous release, from an instance not yet restarted, asks
// for its own version and is not told to keep what it gets for a year.
//
// # Errors
//
// A request that gets no file fails with an [*iron.Error] that carries the
// response (404, 403, 400, 405 or, for a fault of the server, 500) and wraps
// [ErrNotFound], [ErrForbidden], [ErrBadPath] or [ErrMethodNotAllowed], so
// that a catcher in a chain can answer with a page of its own. ErrNotFound
// wraps [iron.ErrNotFound] and ErrMethodNotAllowed wraps
// [iron.ErrMethodNotAllowed]: a catcher written for the core sentinels
// answers the 404s and 405s of this package, a router and a mount alike.
//
// # Configuration
//
// [New], [NewFile] and [NewFS] take options and check them before they open
// or read anything: a bad value (a negative [MaxAge], a [CacheControl] with a
// line break) panics, with an error that names the option and the value.
// Their error return is for opening the directory or the file, or reading
// the file system, and only that.
package static
