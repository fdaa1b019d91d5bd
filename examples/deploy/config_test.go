package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/iron-go/iron/internal/component"
)

// The configurations a user copies are ones nginx and HAProxy accept as
// they are rendered, without a warning, and they name every instance and
// the check timings.
func TestConfigurations(t *testing.T) {
	s := settings{
		Listen:      "127.0.0.1:8080",
		Instances:   []string{"127.0.0.1:8081", "127.0.0.1:8082", "127.0.0.1:8083"},
		Check:       defaultCheck,
		FailTimeout: 1500 * time.Millisecond,
		DrainPeriod: 5 * time.Second,
	}
	for _, tc := range []struct {
		lb    string
		check func(dir, file string) []string // the program's check of the file
		want  []string                        // in the file
	}{
		{"nginx", func(dir, file string) []string {
			return []string{"-t", "-p", dir + "/", "-e", filepath.Join(dir, "nginx-error.log"), "-c", file}
		}, []string{
			"server 127.0.0.1:8081 max_fails=1 fail_timeout=2s;", // rounded up to whole seconds
			"server 127.0.0.1:8083 max_fails=1 fail_timeout=2s;",
			"listen 127.0.0.1:8080;",
			"proxy_next_upstream error timeout;",
		}},
		{"haproxy", func(_, file string) []string { return []string{"-c", "-f", file} }, []string{
			"server site1 127.0.0.1:8081\n",
			"server site3 127.0.0.1:8083\n",
			"bind 127.0.0.1:8080\n",
			"default-server check inter 1s fastinter 250ms downinter 1s fall 2 rise 2\n",
			"timeout check 1s\n",
			"the drain period\n# (5s here) must be longer than HAProxy takes to notice\n# (3.25s at most",
		}},
	} {
		t.Run(tc.lb, func(t *testing.T) {
			b := balancers[tc.lb]
			bin := component.Path(t, b.program, b.debPackage)
			s := s
			s.Dir = deployDir(t)
			file, err := render(tc.lb, s)
			require.NoError(t, err)
			require.Equal(t, filepath.Join(s.Dir, b.file), file)
			text, err := os.ReadFile(file)
			require.NoError(t, err)
			for _, w := range tc.want {
				assert.Contains(t, string(text), w)
			}
			assert.NotContains(t, string(text), "<no value>")

			out, err := exec.Command(bin, tc.check(s.Dir, file)...).CombinedOutput()
			require.NoError(t, err, "%s rejects the configuration:\n%s\n%s", tc.lb, out, text)
			assert.NotContains(t, strings.ToLower(string(out)), "warn", "%s warns:\n%s", tc.lb, out)
		})
	}
}

func TestHealthCheckTimes(t *testing.T) {
	h := healthCheck{Interval: time.Second, FastInterval: 250 * time.Millisecond, DownInterval: 2 * time.Second,
		Timeout: 500 * time.Millisecond, Fall: 3, Rise: 2}
	// The next check a second away, then 3 failures of up to 0.5 s each,
	// 0.25 s apart.
	assert.Equal(t, 1*time.Second+3*500*time.Millisecond+2*250*time.Millisecond, h.Detect())
	assert.Equal(t, 2*time.Second+250*time.Millisecond, h.Join())
	assert.Less(t, defaultCheck.Detect(), 5*time.Second, "deploy's default drain period outlasts its checks")
}

func TestParseFlags(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		want    flags
		wantErr string
	}{
		{"defaults", nil, flags{lb: "nginx", instances: 3, port: 8080, drainPeriod: 5 * time.Second}, ""},
		{"every flag", []string{"-lb", "haproxy", "-instances", "5", "-port", "9000", "-drain-period", "8s", "-site", "/bin/site", "-dir", "/tmp/d"},
			flags{lb: "haproxy", instances: 5, port: 9000, drainPeriod: 8 * time.Second, site: "/bin/site", dir: "/tmp/d"}, ""},
		{"nginx without a drain period", []string{"-drain-period", "0"}, flags{lb: "nginx", instances: 3, port: 8080}, ""},

		{"unknown balancer", []string{"-lb", "traefik"}, flags{}, `-lb "traefik": want nginx or haproxy`},
		{"no instance", []string{"-instances", "0"}, flags{}, "-instances 0: want 1 to 64"},
		{"ports past the end", []string{"-port", "65534"}, flags{}, "-port 65534: want a port with 3 free ones after it"},
		{"negative drain", []string{"-drain-period", "-1s"}, flags{}, "-drain-period -1s: want 0 or more"},
		{"drain shorter than HAProxy's checks", []string{"-lb", "haproxy", "-drain-period", "2s"}, flags{},
			"-drain-period 2s is shorter than HAProxy may take to see an instance drain (3.25s)"},
		{"argument", []string{"now"}, flags{}, `unexpected argument "now"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseFlags(tc.args)
			if tc.wantErr != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// A missing program is named with its Debian package and the command that
// installs them all.
func TestFindPrograms(t *testing.T) {
	paths, err := findPrograms(program{"sh", "dash"})
	require.NoError(t, err)
	assert.True(t, filepath.IsAbs(paths[0]))

	_, err = findPrograms(program{"sh", "dash"}, program{"no-such-nginx", "nginx-light"}, program{"no-such-redis", "redis-server"})
	require.Error(t, err)
	assert.Equal(t, "deploy: not installed: no-such-nginx (Debian package nginx-light), no-such-redis (Debian package redis-server)\n"+
		"install with: sudo apt-get install -y nginx-light redis-server", err.Error())
}
