package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// rssSampler watches the server's resident set size through
// /proc/PID/status while the load runs. Sampling can miss a short spike; the
// kernel's own high-water mark (VmHWM) cannot, so both are kept. The PID is
// asked for at every sample, so a server killed and restarted during a fault
// test is followed, and the figures are the highest of all its processes.
type rssSampler struct {
	pid  func() (int, error)
	quit chan struct{}
	done chan rssFigures // sent once when sampling stops
}

// rssFigures are the memory figures of one run, in kB as /proc gives them.
type rssFigures struct {
	before, peak, hwm int64
	pids              []int // every server process seen, in order
}

// startRSS takes a first sample, so a wrong -pid fails before any upload,
// then samples every interval until stop.
func startRSS(pid func() (int, error), every time.Duration) (*rssSampler, error) {
	first, err := pid()
	if err != nil {
		return nil, fmt.Errorf("server PID: %w", err)
	}
	before, err := procStatusKB(first, "VmRSS")
	if err != nil {
		return nil, fmt.Errorf("-pid: %w", err)
	}
	s := &rssSampler{pid: pid, quit: make(chan struct{}), done: make(chan rssFigures, 1)}
	go s.sample(rssFigures{before: before, peak: before}, every)
	return s, nil
}

func (s *rssSampler) sample(f rssFigures, every time.Duration) {
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if pid, err := s.pid(); err == nil {
			f.add(pid)
		}
		select {
		case <-s.quit:
			s.done <- f
			return
		case <-tick.C:
		}
	}
}

// add takes one sample of process pid; a process gone meanwhile is skipped.
func (f *rssFigures) add(pid int) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return
	}
	if len(f.pids) == 0 || f.pids[len(f.pids)-1] != pid {
		f.pids = append(f.pids, pid)
	}
	if kB, err := statusKB(status, "VmRSS"); err == nil {
		f.peak = max(f.peak, kB)
	}
	if kB, err := statusKB(status, "VmHWM"); err == nil {
		f.hwm = max(f.hwm, kB)
	}
}

// stop ends sampling, with one last sample.
func (s *rssSampler) stop() rssFigures {
	close(s.quit)
	f := <-s.done
	if pid, err := s.pid(); err == nil {
		f.add(pid)
	}
	return f
}

func printRSS(w io.Writer, f rssFigures) {
	fmt.Fprintf(w, "server RSS (pid %s): before %.1f MiB, peak %.1f MiB (%.1f MB), sampled every %v\n",
		pidList(f.pids), mib(f.before<<10), mib(f.peak<<10), mb(f.peak<<10), rssEvery)
	fmt.Fprintf(w, "server VmHWM:       %.1f MiB (%.1f MB), highest of the kernel's peaks, read at every sample\n",
		mib(f.hwm<<10), mb(f.hwm<<10))
}

func pidList(pids []int) string {
	s := make([]string, len(pids))
	for i, p := range pids {
		s[i] = strconv.Itoa(p)
	}
	return strings.Join(s, ", ")
}

// pidFromFile reads the PID a script keeps in a file, at every call.
func pidFromFile(path string) func() (int, error) {
	return func() (int, error) {
		b, err := os.ReadFile(path)
		if err != nil {
			return 0, err
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid <= 0 {
			return 0, fmt.Errorf("%s: want a process ID, got %q", path, b)
		}
		return pid, nil
	}
}

// procStatusKB reads one "Name: N kB" field of /proc/PID/status.
func procStatusKB(pid int, field string) (int64, error) {
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	return statusKB(status, field)
}

// statusKB finds field in the text of a /proc/PID/status file.
func statusKB(status []byte, field string) (int64, error) {
	sc := bufio.NewScanner(bytes.NewReader(status))
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != field {
			continue
		}
		num, unit, _ := strings.Cut(strings.TrimSpace(value), " ")
		kB, err := strconv.ParseInt(num, 10, 64)
		if err != nil || unit != "kB" {
			return 0, fmt.Errorf("%s: unexpected value %q", field, value)
		}
		return kB, nil
	}
	return 0, fmt.Errorf("%s: not in /proc status (kernel thread or no such field)", field)
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }
func mb(n int64) float64  { return float64(n) / 1e6 }
