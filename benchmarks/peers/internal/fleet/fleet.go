// Package fleet builds the comparison's servers into binaries and runs them
// one at a time on loopback: Iron's ./benchmarks/server from the root
// module, the peers of this module (cmd/nethttp, cmd/fasthttp, cmd/gin,
// cmd/chi, cmd/echo, cmd/fiber, cmd/raw), and any further command given by
// the user. Servers are built once, before any measurement, so that no
// "go run" wrapper runs while they are measured.
package fleet

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// Server is one server under comparison. Exactly one of Package and
// Command is set.
type Server struct {
	Name string
	// Package is the main package to build ("./cmd/raw"), inside the
	// module rooted at Dir.
	Package string
	Dir     string
	// Command is a ready command line; "{addr}" in it stands for the
	// host:port to listen on.
	Command []string
	// Bin is the built binary, set by Build.
	Bin string
}

// Peers is the name of every peer of this module, in report order.
var Peers = []string{"nethttp", "fasthttp", "gin", "chi", "echo", "fiber", "raw"}

// Iron is the name of the project's server.
const Iron = "iron"

// Standard returns Iron's server (built in the root module at rootDir) and
// the peers (built in this module at peersDir), in report order.
func Standard(rootDir, peersDir string) []Server {
	s := []Server{{Name: Iron, Package: "./benchmarks/server", Dir: rootDir}}
	for _, p := range Peers {
		s = append(s, Server{Name: p, Package: "./cmd/" + p, Dir: peersDir})
	}
	return s
}

// ParseCommand reads a -server flag value, "NAME=COMMAND ARGS...", where
// the arguments are separated by spaces and "{addr}" stands for the
// address.
func ParseCommand(v string) (Server, error) {
	name, cmd, ok := strings.Cut(v, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.ContainsAny(name, " ,/") {
		return Server{}, fmt.Errorf("fleet: -server %q: want NAME=COMMAND, e.g. 'main=../iron-main -addr {addr}'", v)
	}
	f := strings.Fields(cmd)
	if len(f) == 0 || !slices.ContainsFunc(f, func(a string) bool { return strings.Contains(a, "{addr}") }) {
		return Server{}, fmt.Errorf("fleet: -server %q: the command must take the address as {addr}", v)
	}
	return Server{Name: name, Command: f}, nil
}

// Select returns the servers named in only (all when only is empty), in
// the order of all; an unknown name is an error.
func Select(all []Server, only []string) ([]Server, error) {
	if len(only) == 0 {
		return all, nil
	}
	var out []Server
	for _, s := range all {
		if slices.Contains(only, s.Name) {
			out = append(out, s)
		}
	}
	for _, n := range only {
		if !slices.ContainsFunc(all, func(s Server) bool { return s.Name == n }) {
			names := make([]string, len(all))
			for i, s := range all {
				names[i] = s.Name
			}
			return nil, fmt.Errorf("fleet: no server %q (there are %s)", n, strings.Join(names, ", "))
		}
	}
	return out, nil
}

// Build builds every server that has a Package into outDir/NAME and sets
// its Bin; servers with a Command are left as they are.
func Build(ctx context.Context, servers []Server, outDir string) error {
	for i := range servers {
		s := &servers[i]
		if s.Package == "" {
			continue
		}
		bin := filepath.Join(outDir, s.Name)
		cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, s.Package)
		cmd.Dir = s.Dir
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("fleet: building %s (%s in %s): %w\n%s", s.Name, s.Package, s.Dir, err, out.String())
		}
		s.Bin = bin
	}
	return nil
}

// Argv returns the command line that starts s on addr.
func (s Server) Argv(addr string) ([]string, error) {
	switch {
	case s.Bin != "":
		return []string{s.Bin, "-addr", addr}, nil
	case len(s.Command) > 0:
		argv := make([]string, len(s.Command))
		for i, a := range s.Command {
			argv[i] = strings.ReplaceAll(a, "{addr}", addr)
		}
		return argv, nil
	}
	return nil, errors.New("fleet: server " + s.Name + " is not built")
}

// FindModuleRoots returns the directory of this module (benchmarks/peers),
// found from dir, which must be inside it, and the root of the iron
// repository: root when not empty, else the directory two levels up.
func FindModuleRoots(dir, root string) (peers, repo string, err error) {
	cmd := exec.Command("go", "env", "GOMOD")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", "", fmt.Errorf("fleet: go env GOMOD: %w", err)
	}
	gomod := strings.TrimSpace(string(out))
	if gomod == "" || gomod == os.DevNull {
		return "", "", fmt.Errorf("fleet: %s is not inside a Go module: run from benchmarks/peers", dir)
	}
	peers = filepath.Dir(gomod)
	if root == "" {
		root = filepath.Join(peers, "..", "..")
	}
	if repo, err = filepath.Abs(root); err != nil {
		return "", "", err
	}
	b, err := os.ReadFile(filepath.Join(repo, "go.mod"))
	if err != nil || !bytes.Contains(b, []byte("module github.com/iron-go/iron\n")) {
		return "", "", fmt.Errorf("fleet: %s is not the iron repository's root (run from benchmarks/peers, or give -root)", repo)
	}
	return peers, repo, nil
}
