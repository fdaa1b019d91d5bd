// Package params gathers all of a request's parameters — query string,
// form, JSON and multipart bodies, uploaded files — into one nested [Map],
// as Iron's params extension did, with typed accessors:
//
//	p, err := params.Get(req)
//	if err != nil {
//		return nil, err // already the 4xx the client should get
//	}
//	name := p.String("user.name")          // user[name]=Ann
//	tags := p.Strings("tags")              // tags[]=a&tags[]=b
//	page, err := p.IntOr("page", 1)        // a 422 naming "page" if not a number
//	avatar := p.File("avatar")             // *params.File, streamed to disk
//
// [Get] is a Plugin: computed on first use and cached for the request.
//
// # Sources and precedence
//
// The query string comes first; the body, when there is one params reads,
// is merged over it: nested keys merge key by key, and where both give a
// value for the same key the body's replaces the query's (as Rails and Rack
// merge them). Which body is read depends on its Content-Type:
//
//   - application/x-www-form-urlencoded: through package urlencoded, under
//     bodyparser's per-chain limit (bodyparser.MaxBodyBytes).
//   - application/json (or application/*+json): through package
//     bodyparser, under the same limit. The value must be an object (else
//     400); its keys are taken as they are, since JSON nests by itself:
//     objects become Maps, arrays []any, numbers json.Number.
//   - multipart/form-data: streamed by params under its own limits (see
//     below): text fields into the Map, files to temporary files.
//   - no body, or any other type: the body is left unread for the handler,
//     and the Map holds the query string alone.
//
// The query and form are read strictly: a malformed pair is a 400 (see
// package urlencoded).
//
// # Bracket keys
//
// Query, form and multipart names nest with brackets, as browsers and
// form libraries send them:
//
//	user[name]=Ann&user[email]=a@x      user: Map{name: "Ann", email: "a@x"}
//	tags[]=a&tags[]=b                    tags: []any{"a", "b"}
//	a[b][c]=1                            a: Map{b: Map{c: "1"}}
//	items[0][name]=x&items[1][name]=y    items: []any{Map{name: "x"}, Map{name: "y"}}
//	items[][name]=x&items[][qty]=2       items: []any{Map{name: "x", qty: "2"}}
//	a=1&a=2                              a: []any{"1", "2"}
//
// A name given twice collects its values in order, as url.Values does.
// items[][name] fills the last map of items until that map has name, then
// starts a new one. Indexes must address an element that exists or the
// next one (0, 1, 2 ...: as sent by every form library), at most 99999,
// and a leaf at an index is given once. A key nests at most 32 deep. A
// name that holds both a value and nested keys (a=1&a[b]=2), an index that
// skips, or a key nested too deep is a 400. A key not of the form
// name[inner]... (an unclosed bracket, text after a bracket) is one plain
// name, taken as it is. Keys of the query and form are inserted in sorted
// order, values of one key in the order sent.
//
// # Uploads
//
// Each file of a multipart body is written to a temporary file as it
// arrives ([TempDir], by default os.TempDir), never held whole in memory,
// and appears in the Map as a *[File]. A file that cannot be written (the
// directory is missing, the disk is full) is the server's fault: the
// request fails with a bare error, which servers answer with a 500 that
// says nothing of it, and params logs why ([Logger]). The files are removed when the
// request's context ends — both servers end it once the answer is written,
// whether the handler succeeded, failed or panicked — or earlier when the
// client goes away or a deadline set on the context passes. A handler that
// works on past that opens the file first (an open file stays readable
// after its name is removed, on Unix) or copies it. [RemoveFiles] removes
// them at once; a request made by iron.NewRequest, whose context never
// ends, needs it (or a context of its own, with SetContext). A request
// refused part way (a limit, a malformed body) keeps none of its files.
//
// Multipart limits, set per chain by linking the [Settings] of [New]:
// [MaxBodyBytes] (the whole body), [MaxFileBytes] (one file), [MaxFiles],
// [MaxFields] (text fields; also the pairs of a form body) and
// [MaxFieldBytes] (one text field, held in memory). Past any of them the
// answer is a 413 whose body names what is over and the limit, and whose
// error wraps iron.ErrBodyTooLarge, like a body stopped by the server's
// own limit. A malformed multipart body (no boundary, a truncated part, no
// closing boundary) is a 400. Parts without a form name are skipped; a
// file part without a file name (a file input left empty) is a text
// field.
//
// Once params has streamed a multipart body, the request body reads as an
// error that says so: the fields are in the Map. A body read first by
// bodyparser.Raw is parsed from its bytes.
//
// # Errors
//
// Every client error is an *iron.Error with the JSON bodies of
// bodyparser.ClientError. The accessors that convert ([Map.Int],
// [Map.IntOr], [Map.Float], [Map.Bool]) and [Map.Require] answer 422 with
// bodyparser's "fields" shape, naming the path and the rule ("required",
// "int", "float", "bool"), so a handler can return their error as it is.
package params
