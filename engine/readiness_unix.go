//go:build unix

package engine

import "syscall"

// canPeek says the socket can be peeked at and read without waiting.
const canPeek = true

// canStandingWait says a connection's goroutine can wait in a standing wait
// (waiter.go).
const canStandingWait = true

// errWouldBlock is what peekNow returns when the socket holds nothing.
var errWouldBlock error = syscall.EAGAIN

// peekNow peeks at one byte without waiting: (1, nil) when bytes wait,
// errWouldBlock when none do, (0, nil) when the client closed its end.
func (c *conn) peekNow(fd uintptr) (int, error) {
	for {
		n, _, err := syscall.Recvfrom(int(fd), c.peek[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return 0, err
		}
		return n, nil
	}
}

// peekReady is the callback of an idle connection's wait: it peeks at one
// byte so that nothing is read, and no buffer is needed, until a worker
// takes over. Returning false parks the goroutine in the network poller.
//
// Only the first call of a wait peeks: the poller resets readiness when a
// wait begins, so bytes that came before must be looked for; a later call
// follows a readiness event, and then the worker's own read finds out (a
// spurious event just costs it an empty turn). That saves a system call per
// request.
func (c *conn) peekReady(fd uintptr) bool {
	if c.peeked {
		c.peekN, c.peekE = 1, nil
		return true
	}
	c.peeked = true
	for {
		n, _, err := syscall.Recvfrom(int(fd), c.peek[:], syscall.MSG_PEEK)
		if err == syscall.EINTR {
			continue
		}
		if err == syscall.EAGAIN {
			return false
		}
		c.peekN, c.peekE = n, err
		return true
	}
}

// peekGone is the callback of a watch: it returns once the client sends
// more or goes away, leaving what a peek found in watchN and watchErr.
func (c *conn) peekGone(fd uintptr) bool {
	n, _, err := syscall.Recvfrom(int(fd), c.peek[:], syscall.MSG_PEEK)
	if err == syscall.EAGAIN || err == syscall.EINTR {
		return false
	}
	c.watchN, c.watchErr = n, err
	return true
}

// peekUnread is the callback of unreadInSocket: one peek that does not wait.
func (c *conn) peekUnread(fd uintptr) bool {
	for {
		n, _, err := syscall.Recvfrom(int(fd), c.peek[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		if err == syscall.EINTR {
			continue
		}
		c.peekN, c.peekE = n, err
		return true
	}
}

// readRaw is the callback of readNow on plain TCP: it reads what the socket
// holds into buf[w:] without waiting, leaving in rawN and rawErr the bytes
// read (0 and nil when nothing is there) or the error (io.EOF when the
// client closed).
func (s *session) readRaw(fd uintptr) {
	for {
		n, err := syscall.Read(int(fd), s.buf[s.w:])
		if err == syscall.EINTR {
			continue
		}
		s.rawN, s.rawErr = n, err
		if err == syscall.EAGAIN {
			s.rawN, s.rawErr = 0, nil
		} else if err == nil && n == 0 {
			s.rawN, s.rawErr = 0, errClientClosed
		}
		return
	}
}

// writeRaw is the callback of writeNow on plain TCP: it writes what the
// socket takes of out without waiting, leaving in rawN and rawErr the bytes
// written and the error (nil when the socket's buffer is full).
func (s *session) writeRaw(fd uintptr) {
	s.rawN, s.rawErr = 0, nil
	for s.rawN < len(s.out) {
		n, err := syscall.Write(int(fd), s.out[s.rawN:])
		if err == syscall.EINTR {
			continue
		}
		if err == syscall.EAGAIN {
			return
		}
		if err != nil {
			s.rawErr = err
			return
		}
		s.rawN += n
	}
}
