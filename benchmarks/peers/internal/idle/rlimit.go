package idle

import (
	"fmt"
	"syscall"
)

// RaiseFileLimit raises this process's soft limit of open files
// (RLIMIT_NOFILE) to at least n, and its hard limit too when that is
// lower and the process may (root). Processes started afterwards inherit
// the new limit (Go restores the original soft limit for children only
// when the program has not set one itself). It returns the soft limit in
// force.
func RaiseFileLimit(n uint64) (uint64, error) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, err
	}
	if lim.Cur >= n {
		// Set it anyway, so that children inherit this limit and not the
		// one the Go runtime saved at start-up.
		return lim.Cur, syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim)
	}
	want := lim
	want.Cur = n
	if want.Max < n {
		want.Max = n
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &want); err != nil {
		want.Cur, want.Max = lim.Max, lim.Max // settle for the hard limit
		if err2 := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &want); err2 != nil {
			return lim.Cur, fmt.Errorf("%w: %d wanted, %d allowed: %v", ErrFileLimit, n, lim.Cur, err2)
		}
		return want.Cur, fmt.Errorf("%w: %d wanted, %d allowed (hard limit): %v", ErrFileLimit, n, want.Cur, err)
	}
	return want.Cur, nil
}
