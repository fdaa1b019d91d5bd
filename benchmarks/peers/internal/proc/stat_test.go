package proc_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/benchmarks/peers/internal/proc"
)

// A line as Linux 6.x writes it for a Go server (52 fields).
const serverStat = "4242 (fasthttp) S 4100 4242 4100 34816 4242 4194560 1520 0 0 0 " +
	"2471 1302 7 3 20 0 6 0 123456 1262178304 3560 18446744073709551615 1 1 0 0 0 0 0 0 2146171647 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n"

func TestParseStat(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want proc.Stat
	}{
		{"a server", serverStat, proc.Stat{PID: 4242, Comm: "fasthttp", State: 'S', PPID: 4100, Flags: 4194560,
			UTime: 2471, STime: 1302, CUTime: 7, CSTime: 3, Threads: 6, Start: 123456}},
		{"comm with spaces and parentheses", "77 (a) b (c)) R 1 77 77 0 -1 4194304 0 0 0 0 5 6 0 0 20 0 1 0 99 0 0",
			proc.Stat{PID: 77, Comm: "a) b (c)", State: 'R', PPID: 1, Flags: 4194304, UTime: 5, STime: 6, Threads: 1, Start: 99}},
		{"kernel thread", "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 9 0",
			proc.Stat{PID: 2, Comm: "kthreadd", State: 'S', Flags: 2129984, Threads: 1, Start: 9}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := proc.ParseStat([]byte(tc.in))
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	kt, err := proc.ParseStat([]byte("2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 9 0"))
	require.NoError(t, err)
	assert.True(t, kt.KernelThread())
	srv, err := proc.ParseStat([]byte(serverStat))
	require.NoError(t, err)
	assert.False(t, srv.KernelThread())
	assert.Equal(t, uint64(2471+1302+7+3), srv.Total())
}

func TestParseStatRejectsMalformed(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"empty", ""},
		{"no comm", "12 S 1 2 3"},
		{"no pid", "(x) S 1 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 9 0"},
		{"pid not a number", "x1 (x) S 1 1 1 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 9 0"},
		{"cut short", "12 (x) S 1 12 12 0 -1 0 0 0 0 0 1 1"},
		{"utime not a number", "12 (x) S 1 12 12 0 -1 0 0 0 0 0 x 1 0 0 20 0 1 0 9 0"},
		{"negative cutime", "12 (x) S 1 12 12 0 -1 0 0 0 0 0 1 1 -4 0 20 0 1 0 9 0"},
		{"state of two letters", "12 (x) SS 1 12 12 0 -1 0 0 0 0 0 1 1 0 0 20 0 1 0 9 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := proc.ParseStat([]byte(tc.in))
			assert.ErrorIs(t, err, proc.ErrMalformed)
		})
	}
}

func FuzzParseStat(f *testing.F) {
	f.Add([]byte(serverStat))
	f.Add([]byte("77 (a) b (c)) R 1 77 77 0 -1 4194304 0 0 0 0 5 6 0 0 20 0 1 0 99 0 0"))
	f.Add([]byte("1 () S 0 0 0 0 -1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := proc.ParseStat(b)
		if err != nil {
			return
		}
		if s.PID <= 0 {
			t.Fatalf("accepted pid %d", s.PID)
		}
		if s.Total() < s.UTime {
			t.Fatalf("total %d overflowed below utime %d", s.Total(), s.UTime)
		}
	})
}

func TestReadStatOfThisProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc on this system")
	}
	s, err := proc.ReadStat(os.Getpid())
	require.NoError(t, err)
	assert.Equal(t, os.Getpid(), s.PID)
	assert.Equal(t, os.Getppid(), s.PPID)
	assert.GreaterOrEqual(t, s.Threads, 1)
	assert.Positive(t, proc.ClockTicks())
}
