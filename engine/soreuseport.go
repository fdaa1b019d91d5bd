//go:build linux && !(mips || mipsle || mips64 || mips64le)

package engine

// soReusePort is SO_REUSEPORT, which package syscall does not define on
// Linux (golang.org/x/sys/unix does; it is not worth a dependency).
const soReusePort = 0xf
