package proc

import (
	"os"
	"strconv"
)

// Snapshot is the /proc/PID/stat of every process at one moment, by PID.
type Snapshot map[int]Stat

// Take reads the stat of every process in /proc. Processes that exit while
// it reads are left out.
func Take() (Snapshot, error) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil, err
	}
	s := make(Snapshot, len(entries))
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		st, err := ReadStat(pid)
		if err != nil {
			continue // gone meanwhile, or not readable
		}
		s[pid] = st
	}
	return s, nil
}

// Tree returns the set of root and its descendants in s (root is in it
// even when s lacks it).
func (s Snapshot) Tree(root int) map[int]bool {
	children := map[int][]int{}
	for pid, st := range s {
		children[st.PPID] = append(children[st.PPID], pid)
	}
	tree := map[int]bool{root: true}
	queue := []int{root}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		for _, c := range children[p] {
			if !tree[c] {
				tree[c] = true
				queue = append(queue, c)
			}
		}
	}
	return tree
}

// TreeTicks returns the total CPU time (see [Stat.Total]) of root and its
// descendants in s, in ticks.
func (s Snapshot) TreeTicks(root int) uint64 {
	var sum uint64
	for pid := range s.Tree(root) {
		sum += s[pid].Total()
	}
	return sum
}

// Background returns the CPU time, in ticks, that processes outside ours
// (a set of PIDs, usually a [Snapshot.Tree] of the benchmark's own
// process) used between before and after. Kernel threads are left out:
// under load they mostly do the benchmark's own network work.
//
// A process alive in both counts its growth; one started meanwhile counts
// all its time. One that exited meanwhile is counted through the children
// times of whichever process reaped it (its parent, or the reaper of an
// orphan), so the time it had used before is taken off. The result is an
// estimate: a process reaped by one of ours, or whose parent ignores
// SIGCHLD, is missed.
func Background(before, after Snapshot, ours map[int]bool) uint64 {
	skip := func(st Stat) bool { return ours[st.PID] || st.KernelThread() }
	var added, removed uint64
	for pid, a := range after {
		if skip(a) {
			continue
		}
		if b, ok := before[pid]; ok && b.Start == a.Start {
			if t := a.Total(); t > b.Total() {
				added += t - b.Total()
			}
			continue
		}
		added += a.Total()
	}
	for pid, b := range before {
		if skip(b) {
			continue
		}
		if a, ok := after[pid]; !ok || a.Start != b.Start {
			removed += b.Total()
		}
	}
	if removed >= added {
		return 0
	}
	return added - removed
}
