package fleet_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	"github.com/iron-go/iron/benchmarks/peers/internal/contract"
	"github.com/iron-go/iron/benchmarks/peers/internal/fleet"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestParseCommand(t *testing.T) {
	s, err := fleet.ParseCommand("main=../iron-main -addr {addr} -workers 4")
	require.NoError(t, err)
	assert.Equal(t, "main", s.Name)
	argv, err := s.Argv("127.0.0.1:9")
	require.NoError(t, err)
	assert.Equal(t, []string{"../iron-main", "-addr", "127.0.0.1:9", "-workers", "4"}, argv)

	s, err = fleet.ParseCommand("x=./srv --listen=http://{addr}/")
	require.NoError(t, err)
	argv, _ = s.Argv("h:1")
	assert.Equal(t, []string{"./srv", "--listen=http://h:1/"}, argv)

	for _, bad := range []string{"", "main", "=./x {addr}", "main=./x -addr :8080", "a b=./x {addr}", "a,b=./x {addr}"} {
		_, err := fleet.ParseCommand(bad)
		assert.Error(t, err, bad)
	}
}

func TestSelect(t *testing.T) {
	all := fleet.Standard("/repo", "/repo/benchmarks/peers")
	require.Len(t, all, 8)
	assert.Equal(t, fleet.Server{Name: "iron", Package: "./benchmarks/server", Dir: "/repo"}, all[0])
	assert.Equal(t, fleet.Server{Name: "raw", Package: "./cmd/raw", Dir: "/repo/benchmarks/peers"}, all[7])

	got, err := fleet.Select(all, []string{"raw", "iron"})
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, "iron", got[0].Name, "the order of all")
	got, err = fleet.Select(all, nil)
	require.NoError(t, err)
	assert.Len(t, got, 8)
	_, err = fleet.Select(all, []string{"iron", "actix"})
	assert.ErrorContains(t, err, `"actix"`)

	_, err = fleet.Server{Name: "x"}.Argv("a")
	assert.Error(t, err, "not built")
}

func TestFindModuleRoots(t *testing.T) {
	wd, err := os.Getwd()
	require.NoError(t, err)
	peers, repo, err := fleet.FindModuleRoots(wd, "")
	require.NoError(t, err)
	assert.Equal(t, filepath.Join(repo, "benchmarks", "peers"), peers)
	assert.FileExists(t, filepath.Join(repo, "benchmarks", "server", "main.go"))

	_, _, err = fleet.FindModuleRoots(wd, t.TempDir())
	assert.ErrorContains(t, err, "not the iron repository's root")
}

// The raw peer builds, starts on a free loopback port, answers the
// contract, and stops.
func TestBuildStartStop(t *testing.T) {
	wd, err := os.Getwd()
	require.NoError(t, err)
	peers, _, err := fleet.FindModuleRoots(wd, "")
	require.NoError(t, err)
	servers := []fleet.Server{{Name: "raw", Package: "./cmd/raw", Dir: peers}}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir := t.TempDir()
	require.NoError(t, fleet.Build(ctx, servers, dir))
	assert.Equal(t, filepath.Join(dir, "raw"), servers[0].Bin)

	p, err := fleet.Start(ctx, servers[0], fleet.StartOptions{LogPath: filepath.Join(dir, "raw.log")})
	require.NoError(t, err)
	assert.Positive(t, p.PID)
	assert.NoError(t, contract.Check(ctx, p.Addr, contract.Endpoints))
	exited, _ := p.Exited()
	assert.False(t, exited)
	require.NoError(t, p.Stop())
	exited, _ = p.Exited()
	assert.True(t, exited)
	assert.NoError(t, p.Stop(), "stopping twice is fine")
}

// A server that exits at once is reported with the end of its log.
func TestStartReportsAnEarlyExit(t *testing.T) {
	s, err := fleet.ParseCommand("broken=sh -c echo${IFS}no-such-flag-{addr}>&2;exit${IFS}3")
	require.NoError(t, err)
	_, err = fleet.Start(context.Background(), s, fleet.StartOptions{LogPath: filepath.Join(t.TempDir(), "log"), Ready: 10 * time.Second})
	require.Error(t, err)
	assert.ErrorContains(t, err, "broken exited before answering")
	assert.ErrorContains(t, err, "no-such-flag-127.0.0.1:")
}

func TestBuildReportsACompileError(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module broken\n\ngo 1.26\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\nfunc main() { undefined() }\n"), 0o644))
	err := fleet.Build(context.Background(), []fleet.Server{{Name: "broken", Package: ".", Dir: dir}}, t.TempDir())
	assert.ErrorContains(t, err, "building broken")
	assert.ErrorContains(t, err, "undefined")
}
