package proc_test

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/benchmarks/peers/internal/proc"
)

const serverStatus = `Name:	iron
Umask:	0022
State:	S (sleeping)
Tgid:	4242
VmPeak:	 1234567 kB
VmHWM:	   14404 kB
VmRSS:	   13212 kB
RssAnon:	    6000 kB
Threads:	7
voluntary_ctxt_switches:	150
`

func TestParseStatus(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want proc.Status
	}{
		{"a server", serverStatus, proc.Status{VmRSS: 13212, VmHWM: 14404, Threads: 7}},
		{"a zombie has no Vm lines", "Name:\tx\nState:\tZ (zombie)\nThreads:\t1\n", proc.Status{Threads: 1}},
		{"empty", "", proc.Status{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := proc.ParseStatus([]byte(tc.in))
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	for _, bad := range []string{"VmRSS:\tlots kB\n", "VmHWM:\t12 MB\n", "Threads:\tmany\n"} {
		_, err := proc.ParseStatus([]byte(bad))
		assert.ErrorIs(t, err, proc.ErrMalformed, bad)
	}
}

func FuzzParseStatus(f *testing.F) {
	f.Add([]byte(serverStatus))
	f.Add([]byte("VmRSS:\t1 kB\nThreads:\t1\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := proc.ParseStatus(b)
		if err == nil && s.Threads < 0 && len(b) == 0 {
			t.Fatal("negative threads from nothing")
		}
	})
}

func TestReadStatusOfThisProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc on this system")
	}
	s, err := proc.ReadStatus(os.Getpid())
	require.NoError(t, err)
	assert.Positive(t, s.VmRSS)
	assert.GreaterOrEqual(t, s.VmHWM, s.VmRSS)
	assert.GreaterOrEqual(t, s.Threads, 1)
}
