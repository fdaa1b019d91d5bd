//go:build unix

package static_test

import (
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// mkfifo makes a named pipe, which the handlers must never open: an open of
// one blocks until a writer comes.
func mkfifo(t testing.TB, name string) {
	require.NoError(t, syscall.Mkfifo(name, 0o644))
}
