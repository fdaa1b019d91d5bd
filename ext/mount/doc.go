// Package mount serves handlers under path prefixes, as Iron's mount crate
// did: one handler for "/", a file server under "/static/", an API under
// "/api/v1/".
//
//	m := mount.New().
//		Mount("/", site).
//		Mount("/static/", files).
//		Mount("/api/v1/", api)
//	engine.New(m).ListenAndServe("localhost:3000")
//
// # Matching
//
// A prefix is a URL path. It matches a request path on whole segments: the
// prefix "/static" (or "/static/", the trailing slash does not matter)
// matches "/static", "/static/" and "/static/css/site.css", but not
// "/statics". Segments are compared percent-decoded, so "/st%61tic/x" is
// under "/static", while an encoded slash stays inside its segment:
// "/static%2Fx" is not. When several prefixes match, the longest (the one
// with most segments) wins, whatever the order they were mounted in; "/"
// matches every path, so it catches what no other prefix does.
//
// A handler for one resource is mounted for its path alone, not a tree:
// with [Mount.Exact], or with [Mount.Mount] when it is a [Leaf], as
// static.File is. Mounted at "/favicon.ico", it answers "/favicon.ico" but
// not "/favicon.ico/" or "/favicon.ico/x", which go to the next shorter
// prefix as if it were not mounted. A request that
// no prefix matches fails with an [*iron.Error] of status 404 wrapping
// [ErrNoMatch], itself an [iron.ErrNotFound], which a catcher in a chain can
// turn into a page of its own.
//
// # What the mounted handler sees
//
// The handler runs with the prefix stripped from the request path
// ([iron.Request.SetPath]): under "/static/", a request for
// "/static/css/site.css" reaches it as "/css/site.css", and "/static/" as
// "/". A request for the prefix itself without its trailing slash,
// "/static", reaches it with an empty path, so that it can tell the two apart
// (a file server redirects the first to the second). The path is restored
// when the handler returns, so middleware after the mount sees the request as
// it came.
//
// The stripped path is always a suffix of the path the client sent, so what
// the mounts stripped is what comes before it: [Prefix] returns it, and
// [OriginalURL] and [iron.Request.OriginalPath] return what the client asked for
// ([iron.Request.RequestURI] never changes). Build links and redirects from
// them so they stay right wherever a handler is mounted; nested mounts
// compose, and Prefix is then the sum of every mount's part.
//
// A Mount allocates nothing to route a request whose path has no
// percent-encoding.
package mount
