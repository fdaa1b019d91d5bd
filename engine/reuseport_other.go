//go:build !linux

package engine

// canReusePort is false: elsewhere SO_REUSEPORT either does not exist or
// does not spread connections over the sockets that share an address.
const canReusePort = false

func setReusePort(uintptr) error { return nil }
