package engine

import (
	"context"
	"errors"
	"net"
	"strconv"
	"sync"
	"syscall"
)

// listen opens the listening sockets of ListenAndServe: one, or
// cfg.Listeners sharing addr through SO_REUSEPORT. A port of 0 is chosen
// by the first and shared by the others.
func (e *Engine) listen(addr string) ([]net.Listener, error) {
	n := e.cfg.Listeners
	if n <= 1 {
		l, err := net.Listen("tcp", addr)
		if err != nil {
			return nil, err
		}
		return []net.Listener{l}, nil
	}
	lc := net.ListenConfig{Control: func(_, _ string, rc syscall.RawConn) error {
		var serr error
		if err := rc.Control(func(fd uintptr) { serr = setReusePort(fd) }); err != nil {
			return err
		}
		return serr
	}}
	ls := make([]net.Listener, 0, n)
	for range n {
		l, err := lc.Listen(context.Background(), "tcp", addr)
		if err != nil {
			for _, l := range ls {
				l.Close()
			}
			return nil, err
		}
		if len(ls) == 0 {
			// The others take the port the first was given.
			host, _, _ := net.SplitHostPort(addr)
			addr = net.JoinHostPort(host, strconv.Itoa(l.Addr().(*net.TCPAddr).Port))
		}
		ls = append(ls, l)
	}
	return ls, nil
}

// serveAll runs an accept loop per listener and returns when they have all
// ended: ErrServerClosed after Shutdown or Close, or the first other error
// (the other listeners are then closed too).
func (e *Engine) serveAll(ls []net.Listener, serve func(net.Listener) error) error {
	if len(ls) == 1 {
		return serve(ls[0])
	}
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
	)
	for _, l := range ls {
		wg.Go(func() {
			err := serve(l)
			if errors.Is(err, ErrServerClosed) {
				return
			}
			once.Do(func() {
				first = err
				for _, l := range ls {
					l.Close()
				}
			})
		})
	}
	wg.Wait()
	if first != nil {
		return first
	}
	return ErrServerClosed
}
