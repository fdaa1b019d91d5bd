//go:build !unix

package engine

import "errors"

var errTooManyFiles = errors.New("engine: no such error on this system")
