//go:build linux

package engine

import "syscall"

// canReusePort says listening sockets can share an address, the kernel
// spreading new connections over them (Linux 3.9 and later).
const canReusePort = true

func setReusePort(fd uintptr) error {
	return syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, soReusePort, 1)
}
