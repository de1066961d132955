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

// rssSampler watches another process's resident set size through
// /proc/PID/status while the residents run. Sampling can miss a short spike;
// the kernel's own high-water mark (VmHWM) cannot, so both are reported.
type rssSampler struct {
	pid    int
	before int64 // kB, when sampling started
	quit   chan struct{}
	peak   chan int64 // kB, sent once when sampling stops
}

// startRSS takes a first sample, so a wrong -pid fails before any upload,
// then samples every interval until stop.
func startRSS(pid int, every time.Duration) (*rssSampler, error) {
	before, err := procStatusKB(pid, "VmRSS")
	if err != nil {
		return nil, fmt.Errorf("-pid: %w", err)
	}
	s := &rssSampler{pid: pid, before: before, quit: make(chan struct{}), peak: make(chan int64, 1)}
	go s.sample(every)
	return s, nil
}

func (s *rssSampler) sample(every time.Duration) {
	peak := s.before
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		if kB, err := procStatusKB(s.pid, "VmRSS"); err == nil {
			peak = max(peak, kB)
		}
		select {
		case <-s.quit:
			s.peak <- peak
			return
		case <-tick.C:
		}
	}
}

// rssFigures are the memory figures of one run, in kB as /proc gives them.
type rssFigures struct {
	before, peak, hwm int64
	hwmErr            error
}

// stop ends sampling and reads the high-water mark.
func (s *rssSampler) stop() rssFigures {
	close(s.quit)
	f := rssFigures{before: s.before, peak: <-s.peak}
	f.hwm, f.hwmErr = procStatusKB(s.pid, "VmHWM")
	return f
}

func printRSS(w io.Writer, f rssFigures, pid int) {
	fmt.Fprintf(w, "server RSS (pid %d): before %.1f MiB, peak %.1f MiB (%.1f MB), sampled every %v\n",
		pid, mib(f.before<<10), mib(f.peak<<10), mb(f.peak<<10), rssEvery)
	if f.hwmErr != nil {
		fmt.Fprintf(w, "server VmHWM:       unreadable: %v\n", f.hwmErr)
		return
	}
	fmt.Fprintf(w, "server VmHWM:       %.1f MiB (%.1f MB), peak since the server started\n", mib(f.hwm<<10), mb(f.hwm<<10))
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
