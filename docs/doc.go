// Package docs holds the guides of Iron for Go that do not belong to one
// package: the migration page (migration.md) and the per-host tuning guide
// (tuning.md) beside the repository's README.md. It has no code; its test compiles every Go block of README.md
// and docs/*.md, so that what the guides show is what the library accepts.
//
// A block is compiled as it is when it is a whole file (it starts with
// "package"); otherwise as declarations, or else as the statements of a
// function. Imports are added for the packages a block names (iron, chain,
// router, http, time, ...), and the names a fragment takes from its context
// (a handler called hello, a request req) from a short prelude in the test.
// A block that is deliberately partial opts out with a first line that says
// so: "// Not compiled: <why>". Blocks that use chi or gin are compiled in
// the module docs/peers, so that those never enter the library's go.mod.
package docs
