//go:build !unix

package static_test

import "testing"

// mkfifo does nothing where there are no named pipes; "/fifo" is then
// simply missing, and still a 404.
func mkfifo(testing.TB, string) {}
