//go:build !linux

package engine

import "net"

// sweepBacklog takes nothing here: the listener's last accept, which waited
// lastLook, was the last look at its backlog.
func sweepBacklog(l net.Listener) []net.Conn { return nil }
