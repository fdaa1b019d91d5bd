package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// program is a program deploy runs, and the Debian package that has it.
type program struct {
	name       string
	debPackage string
}

// findPrograms returns the paths of the programs, looked up in PATH and then
// in the sbin directories Debian installs daemons to. When some are missing
// the error names them all, with the one command that installs them.
func findPrograms(progs ...program) ([]string, error) {
	paths := make([]string, len(progs))
	var missing, packages []string
	for i, p := range progs {
		paths[i] = lookPath(p.name)
		if paths[i] == "" {
			missing = append(missing, fmt.Sprintf("%s (Debian package %s)", p.name, p.debPackage))
			packages = append(packages, p.debPackage)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("deploy: not installed: %s\ninstall with: sudo apt-get install -y %s",
			strings.Join(missing, ", "), strings.Join(packages, " "))
	}
	return paths, nil
}

func lookPath(name string) string {
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, dir := range []string{"/usr/sbin", "/usr/local/sbin", "/sbin"} {
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p
		}
	}
	return ""
}

// sitePackage is the site's import path: go build finds it from anywhere in
// this module.
const sitePackage = "github.com/iron-go/iron/examples/site"

// buildSite builds examples/site once, into dir, so that every instance
// (and every restart) runs the same binary and none waits for a compiler.
func buildSite(ctx context.Context, dir string) (string, error) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", errors.New("deploy: the go command is not in PATH, to build examples/site (or give a built one with -site)")
	}
	out := filepath.Join(dir, "site")
	cmd := exec.CommandContext(ctx, goTool, "build", "-o", out, sitePackage)
	if b, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("deploy: go build %s (run deploy from inside the iron module): %w\n%s", sitePackage, err, b)
	}
	return out, nil
}
