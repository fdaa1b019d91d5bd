package main

import "syscall"

// sysProcAttr puts a program in a process group of its own (Ctrl-C reaches
// deploy alone) and has the kernel send it SIGTERM if deploy dies first.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
}

// haproxySoftStop asks HAProxy to stop once the requests it has are done.
var haproxySoftStop = syscall.SIGUSR1
