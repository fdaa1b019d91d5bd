//go:build unix && !linux

package main

import "syscall"

// sysProcAttr puts a program in a process group of its own, so that Ctrl-C
// reaches deploy alone. (Only Linux can also have it signalled should deploy
// die first.)
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// haproxySoftStop asks HAProxy to stop once the requests it has are done.
var haproxySoftStop = syscall.SIGUSR1
