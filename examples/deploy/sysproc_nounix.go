//go:build !unix

package main

import "syscall"

// sysProcAttr: deploy runs Debian's nginx, HAProxy and Redis; elsewhere the
// programs start with the defaults.
func sysProcAttr() *syscall.SysProcAttr { return nil }

// haproxySoftStop: without SIGUSR1, HAProxy stops at once.
var haproxySoftStop = syscall.SIGTERM
