package engine

import (
	"net"
	"os"
	"syscall"
)

// sweepBacklog accepts, without waiting, every connection waiting in l's
// backlog, so that the listener can be closed right after with none left
// to reset. (An Accept that timed out returns only after its goroutine is
// scheduled again, which on a busy machine leaves a gap in which more
// connections queue.) It returns what it took; a listener that is not a
// socket gives none.
func sweepBacklog(l net.Listener) []net.Conn {
	sc, ok := l.(syscall.Conn)
	if !ok {
		return nil
	}
	raw, err := sc.SyscallConn()
	if err != nil {
		return nil
	}
	var conns []net.Conn
	// A listener's RawConn only has Control; its socket does not block, and
	// the accept loop calling this is the only one accepting on it.
	raw.Control(func(fd uintptr) {
		for {
			nfd, _, err := syscall.Accept4(int(fd), syscall.SOCK_NONBLOCK|syscall.SOCK_CLOEXEC)
			switch err {
			case nil:
			case syscall.EINTR, syscall.ECONNABORTED:
				continue
			default:
				return // EAGAIN: the backlog is empty
			}
			f := os.NewFile(uintptr(nfd), "")
			c, err := net.FileConn(f)
			f.Close()
			if err == nil {
				conns = append(conns, c)
			}
		}
	})
	return conns
}
