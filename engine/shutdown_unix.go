//go:build unix

package engine

import "syscall"

// bytesWaiting reports whether bytes wait unread in c's socket. Unlike
// unreadInSocket it may be called from any goroutine, even while the
// connection's own waits in a read: it peeks through Control, which takes
// no read lock.
func (c *conn) bytesWaiting() bool {
	if c.raw == nil {
		return false
	}
	waiting := false
	c.raw.Control(func(fd uintptr) {
		var b [1]byte
		for {
			n, _, err := syscall.Recvfrom(int(fd), b[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
			if err == syscall.EINTR {
				continue
			}
			waiting = n > 0 && err == nil
			return
		}
	})
	return waiting
}
