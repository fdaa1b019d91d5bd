package proc_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/benchmarks/peers/internal/proc"
)

func TestTree(t *testing.T) {
	s := proc.Snapshot{
		1:  {PID: 1},
		10: {PID: 10, PPID: 1},
		11: {PID: 11, PPID: 10, UTime: 5},
		12: {PID: 12, PPID: 11, STime: 7},
		20: {PID: 20, PPID: 1, UTime: 100},
	}
	assert.Equal(t, map[int]bool{10: true, 11: true, 12: true}, s.Tree(10))
	assert.Equal(t, map[int]bool{99: true}, s.Tree(99), "a root the snapshot lacks is still in its tree")
	assert.Equal(t, uint64(12), s.TreeTicks(10))
}

func TestBackground(t *testing.T) {
	const kthread = 0x00200000
	before := proc.Snapshot{
		1:   {PID: 1, Start: 1, UTime: 50},
		2:   {PID: 2, Start: 1, Flags: kthread, STime: 10},
		100: {PID: 100, PPID: 1, Start: 5, UTime: 30},            // ours
		101: {PID: 101, PPID: 100, Start: 6, UTime: 40},          // ours: the server
		200: {PID: 200, PPID: 1, Start: 7, UTime: 10},            // a build
		201: {PID: 201, PPID: 200, Start: 8, UTime: 4, STime: 1}, // a compiler that exits
		300: {PID: 300, PPID: 1, Start: 9, UTime: 3},             // exits, and its PID is reused
		501: {PID: 501, PPID: 1, Start: 10, UTime: 1},            // a shell that exits ...
		502: {PID: 502, PPID: 501, Start: 11, UTime: 2},          // ... after its child
	}
	after := proc.Snapshot{
		// +1 of its own, +4 from the old 300, +5 from 501 (2 of its own
		// and 3 from 502).
		1:   {PID: 1, Start: 1, UTime: 51, CUTime: 9},
		2:   {PID: 2, Start: 1, Flags: kthread, STime: 90},                  // kernel thread: left out
		100: {PID: 100, PPID: 1, Start: 5, UTime: 90},                       // ours: left out
		101: {PID: 101, PPID: 100, Start: 6, UTime: 400},                    // ours: left out
		200: {PID: 200, PPID: 1, Start: 7, UTime: 12, CUTime: 9, CSTime: 2}, // +2, +11 from 201
		300: {PID: 300, PPID: 1, Start: 50, UTime: 6},                       // new: +6
		400: {PID: 400, PPID: 1, Start: 60, UTime: 8},                       // new: +8
	}
	ours := after.Tree(100)
	// 10 + 13 + 6 + 8 = 37, less what 201 (5), the old 300 (3), 501 (1) and
	// 502 (2) had used before: 1 (pid 1) + 1 (old 300) + 1 (501) + 1 (502)
	// + 2 (200) + 6 (201) + 6 + 8 = 26.
	assert.Equal(t, uint64(26), proc.Background(before, after, ours))
	assert.Equal(t, uint64(0), proc.Background(after, after, ours), "nothing ran")
}

func TestTakeSeesThisProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc on this system")
	}
	s, err := proc.Take()
	require.NoError(t, err)
	assert.Contains(t, s, os.Getpid())
	assert.True(t, s.Tree(os.Getppid())[os.Getpid()], "this process is in its parent's tree")
}
