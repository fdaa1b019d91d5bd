// Package sentinel makes the error sentinels of the module's packages that
// stand for one of package iron's core ones: static.ErrNotFound is a
// "static: file not found" of its own, and also an [iron.ErrNotFound], so
// that errors.Is finds either (CONTRIBUTING.md, "Errors").
//
//	var ErrNotFound = sentinel.Wrap("static: file not found", iron.ErrNotFound)
package sentinel

// Wrap returns an error whose message is msg and which wraps core: errors.Is
// finds core in it, and in every error that wraps it. Each call returns a
// distinct error, to be kept in a package variable and compared by identity.
func Wrap(msg string, core error) error { return &wrapped{msg: msg, core: core} }

type wrapped struct {
	msg  string
	core error
}

func (e *wrapped) Error() string { return e.msg }

func (e *wrapped) Unwrap() error { return e.core }
