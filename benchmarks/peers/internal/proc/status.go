package proc

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Status is the part of /proc/PID/status the comparison reads. Sizes are in
// KiB, as the kernel gives them.
type Status struct {
	VmRSS   int64 // resident memory now
	VmHWM   int64 // peak resident memory ("high water mark")
	Threads int
}

// ParseStatus parses the contents of /proc/PID/status. A field the file
// lacks (a zombie has no Vm* lines) stays zero.
func ParseStatus(b []byte) (Status, error) {
	var s Status
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		var dst *int64
		switch name {
		case "VmRSS":
			dst = &s.VmRSS
		case "VmHWM":
			dst = &s.VmHWM
		case "Threads":
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil {
				return s, fmt.Errorf("%w: status: Threads %q", ErrMalformed, value)
			}
			s.Threads = n
			continue
		default:
			continue
		}
		num, unit, _ := strings.Cut(strings.TrimSpace(value), " ")
		n, err := strconv.ParseInt(num, 10, 64)
		if err != nil || strings.TrimSpace(unit) != "kB" {
			return s, fmt.Errorf("%w: status: %s %q", ErrMalformed, name, value)
		}
		*dst = n
	}
	return s, sc.Err()
}

// ReadStatus reads and parses /proc/PID/status.
func ReadStatus(pid int) (Status, error) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return Status{}, err
	}
	return ParseStatus(b)
}
