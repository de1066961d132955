package main

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"sync"
	"time"

	"gridline/bench/latency"
)

// tally counts what the server answered during a soak, from every goroutine.
type tally struct {
	mu       sync.Mutex
	answers  map[string]int // "POST 303", "GET form 503", "POST no answer"…
	kept503  int            // 503 answers that kept the resident's text (or token)
	lost503  int            // 503 answers that did not
	lostBody string         // the first of those, to show
	reads    map[string]*readStats
	failures []string // readers that could not start (a staff sign-in refused)
}

type readStats struct {
	latencies []time.Duration
	statuses  map[int]int
}

func newTally() *tally {
	return &tally{answers: map[string]int{}, reads: map[string]*readStats{}}
}

// count records one answer; status 0 is none (a network error).
func (t *tally) count(op string, status int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.answers[answerKey(op, status)]++
}

func answerKey(op string, status int) string {
	if status == 0 {
		return op + " no answer"
	}
	return fmt.Sprintf("%s %d", op, status)
}

// failed records a reader that could not start.
func (t *tally) failed(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.failures = append(t.failures, err.Error())
}

func (t *tally) saw503(kept bool, body []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if kept {
		t.kept503++
		return
	}
	t.lost503++
	if t.lostBody == "" {
		t.lostBody = string(body[:min(len(body), 400)])
	}
}

// read records one page view of a kind of page.
func (t *tally) read(kind string, status int, latency time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	rs := t.reads[kind]
	if rs == nil {
		rs = &readStats{statuses: map[int]int{}}
		t.reads[kind] = rs
	}
	rs.statuses[status]++
	if status > 0 && status < 500 {
		rs.latencies = append(rs.latencies, latency)
	}
}

func (t *tally) print(w io.Writer, elapsed time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	keys := slices.SortedFunc(maps.Keys(t.answers), func(a, b string) int {
		return cmp.Or(cmp.Compare(t.answers[b], t.answers[a]), cmp.Compare(a, b))
	})
	fmt.Fprint(w, "answers:           ")
	for _, k := range keys {
		fmt.Fprintf(w, " %s ×%d;", k, t.answers[k])
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "503 answers:        %d kept the resident's text (page) or token (script), %d did not\n", t.kept503, t.lost503)
	if t.lostBody != "" {
		fmt.Fprintf(w, "  a 503 that lost the text: %q\n", t.lostBody)
	}
	for _, f := range t.failures {
		fmt.Fprintf(w, "reader failed:      %s\n", f)
	}
	for _, kind := range slices.Sorted(maps.Keys(t.reads)) {
		rs := t.reads[kind]
		slices.Sort(rs.latencies)
		n := 0
		for _, c := range rs.statuses {
			n += c
		}
		fmt.Fprintf(w, "read %-22s %6d views, %7.1f/s, p50 %v, p99 %v, statuses %v\n", kind+":", n,
			float64(n)/elapsed.Seconds(), latency.Percentile(rs.latencies, 50).Round(time.Millisecond),
			latency.Percentile(rs.latencies, 99).Round(time.Millisecond), rs.statuses)
	}
}
