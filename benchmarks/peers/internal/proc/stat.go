package proc

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// Stat is the part of /proc/PID/stat the comparison reads. Times are in
// clock ticks.
type Stat struct {
	PID     int
	Comm    string // the executable's name as the kernel keeps it (at most 15 bytes)
	State   byte   // R, S, D, Z, ...
	PPID    int
	Flags   uint64 // the kernel's PF_* flags
	UTime   uint64 // user time
	STime   uint64 // system time
	CUTime  uint64 // user time of waited-for children
	CSTime  uint64 // system time of waited-for children
	Threads int
	Start   uint64 // start time after boot, in ticks: tells a reused PID apart
}

// pfKthread is the PF_KTHREAD flag of a kernel thread (include/linux/sched.h).
const pfKthread = 0x00200000

// KernelThread reports whether the process is a kernel thread.
func (s Stat) KernelThread() bool { return s.Flags&pfKthread != 0 }

// Total returns the process's CPU time, its own and its waited-for
// children's, in ticks.
func (s Stat) Total() uint64 { return s.UTime + s.STime + s.CUTime + s.CSTime }

// ErrMalformed is returned for a /proc file that cannot be parsed.
var ErrMalformed = errors.New("proc: malformed /proc file")

// ParseStat parses the contents of /proc/PID/stat. The command name may hold
// spaces and parentheses: it runs from the first '(' to the last ')'.
func ParseStat(b []byte) (Stat, error) {
	var s Stat
	open := bytes.IndexByte(b, '(')
	closing := bytes.LastIndexByte(b, ')')
	if open < 1 || closing < open {
		return s, fmt.Errorf("%w: stat: no (comm)", ErrMalformed)
	}
	pid, err := strconv.Atoi(string(bytes.TrimSpace(b[:open])))
	if err != nil || pid <= 0 {
		return s, fmt.Errorf("%w: stat: pid %q", ErrMalformed, b[:open])
	}
	s.PID = pid
	s.Comm = string(b[open+1 : closing])
	f := strings.Fields(string(b[closing+1:]))
	// f[0] is field 3 of proc(5): state; f[1] ppid, f[6] flags, f[11..14]
	// utime, stime, cutime, cstime, f[17] num_threads, f[19] starttime.
	if len(f) < 20 || len(f[0]) != 1 {
		return s, fmt.Errorf("%w: stat: %d fields after comm", ErrMalformed, len(f))
	}
	s.State = f[0][0]
	ints := []struct {
		dst *int
		i   int
	}{{&s.PPID, 1}, {&s.Threads, 17}}
	for _, x := range ints {
		if *x.dst, err = strconv.Atoi(f[x.i]); err != nil {
			return s, fmt.Errorf("%w: stat: field %d: %v", ErrMalformed, x.i+3, err)
		}
	}
	uints := []struct {
		dst *uint64
		i   int
	}{{&s.Flags, 6}, {&s.UTime, 11}, {&s.STime, 12}, {&s.CUTime, 13}, {&s.CSTime, 14}, {&s.Start, 19}}
	for _, x := range uints {
		// cutime and cstime are signed in the kernel's format; they are
		// never negative in practice, and a negative one is malformed here.
		if *x.dst, err = strconv.ParseUint(f[x.i], 10, 64); err != nil {
			return s, fmt.Errorf("%w: stat: field %d: %v", ErrMalformed, x.i+3, err)
		}
	}
	return s, nil
}

// ReadStat reads and parses /proc/PID/stat.
func ReadStat(pid int) (Stat, error) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return Stat{}, err
	}
	return ParseStat(b)
}

var clockTicks = sync.OnceValue(func() float64 {
	out, err := exec.Command("getconf", "CLK_TCK").Output()
	if err == nil {
		if n, err := strconv.Atoi(strings.TrimSpace(string(out))); err == nil && n > 0 {
			return float64(n)
		}
	}
	return 100 // USER_HZ on every Linux architecture Go supports
})

// ClockTicks returns the number of clock ticks per second that /proc's CPU
// times count (getconf CLK_TCK, 100 when getconf is missing).
func ClockTicks() float64 { return clockTicks() }

// Seconds converts clock ticks to seconds.
func Seconds(ticks uint64) float64 { return float64(ticks) / ClockTicks() }
