//go:build unix

package engine

import "syscall"

// errTooManyFiles is the accept error that passes once connections close.
var errTooManyFiles error = syscall.EMFILE
