package wrk

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"time"
)

// ErrNotInstalled is returned by [Find] and [Run] when wrk is not on PATH.
var ErrNotInstalled = errors.New("wrk: not found on PATH: install the Debian package wrk (apt-get install wrk)")

// Find returns the path of the wrk program.
func Find() (string, error) {
	p, err := exec.LookPath("wrk")
	if err != nil {
		return "", ErrNotInstalled
	}
	return p, nil
}

// Options is one wrk run: wrk -t Threads -c Connections -d Duration
// [--latency] [-s Script URL -- ScriptArgs...] URL.
type Options struct {
	URL         string
	Threads     int
	Connections int
	Duration    time.Duration // rounded to whole seconds, at least one: wrk takes no less
	Latency     bool          // --latency: the percentiles
	Script      string        // a Lua script's path, or "" for wrk's plain GET
	// Taskset, when not empty, runs wrk under "taskset -c Taskset".
	Taskset string
}

// Args returns wrk's command line (without the program name).
func (o Options) Args() []string {
	secs := max(int64(o.Duration.Round(time.Second)/time.Second), 1)
	args := []string{"-t" + strconv.Itoa(o.Threads), "-c" + strconv.Itoa(o.Connections),
		"-d" + strconv.FormatInt(secs, 10) + "s"}
	if o.Latency {
		args = append(args, "--latency")
	}
	if o.Script != "" {
		args = append(args, "-s", o.Script)
	}
	return append(args, o.URL)
}

// Outcome is one finished run: what wrk reported, the CPU time wrk itself
// used (user + system), and its output.
type Outcome struct {
	Result
	CPU    time.Duration
	Output string
}

// Run runs wrk to completion (or until ctx ends) and parses its report. A
// wrk that exits with an error or prints no report is an error carrying
// its output.
func Run(ctx context.Context, o Options) (Outcome, error) {
	bin, err := Find()
	if err != nil {
		return Outcome{}, err
	}
	name, args := bin, o.Args()
	if o.Taskset != "" {
		name, args = "taskset", append([]string{"-c", o.Taskset, bin}, args...)
	}
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	runErr := cmd.Run()
	oc := Outcome{Output: out.String()}
	if cmd.ProcessState != nil {
		oc.CPU = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if runErr != nil {
		return oc, fmt.Errorf("wrk %v: %w\n%s", args, runErr, oc.Output)
	}
	if oc.Result, err = Parse(oc.Output); err != nil {
		return oc, fmt.Errorf("%w\n%s", err, oc.Output)
	}
	return oc, nil
}
