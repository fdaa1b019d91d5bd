// Package proc reads what the comparison needs from Linux's /proc: the CPU
// time of a process and its descendants (/proc/PID/stat), the CPU time used
// by every other process meanwhile (the background-noise meter), and a
// process's resident memory and thread count (/proc/PID/status).
//
// CPU times are in clock ticks (USER_HZ, see [ClockTicks]); a process's
// total counts its own user and system time plus that of the children it
// has waited for, so a child that exits between two snapshots still counts.
// On systems without /proc the readers return an error wrapping
// fs.ErrNotExist.
package proc
