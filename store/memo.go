package store

import (
	"maps"
	"slices"
	"sync"

	"gridline/report"
)

// memo keeps, in the one process that writes the database (Options.
// SingleWriter), what it last wrote of the documents every page reads: the
// work queue, the re-checks owed and the blobs (month tallies, status
// counts, published results). The database stays the truth; the memo is filled from it on
// first read and updated by every write, so no other writer can make it
// stale. The embedded engine spends milliseconds per read of such a
// document (JSON, base64, SQLite overflow pages); the memo spends nothing.
type memo struct {
	mu    sync.Mutex
	blobs map[string]blobEntry
	work  map[string]report.Report            // nil until first read
	days  map[string]map[string]report.Report // recent day buckets read, by key
	// rechecks are the reports owing a re-check (recheck.go), nil until
	// first read; recheckWrites counts the writes to them, so a read that
	// raced a write is not remembered.
	rechecks      map[string]report.Report
	recheckWrites uint64
}

// The memo keeps the day buckets of the last memoDays days, at most
// memoBuckets of them: the inbox's closed reports and this month's export
// read the recent ones again and again.
const (
	memoDays    = 40
	memoBuckets = 4000
)

// blobEntry is a blob document as last read or written and, once a reader
// needed it, its decoded form, which readers must not change.
type blobEntry struct {
	data    []byte
	version int64
	exists  bool
	decoded any
}

func newMemo() *memo {
	return &memo{blobs: map[string]blobEntry{}, days: map[string]map[string]report.Report{}}
}

func (m *memo) blob(key string) (blobEntry, bool) {
	if m == nil {
		return blobEntry{}, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.blobs[key]
	return e, ok
}

func (m *memo) setBlob(key string, e blobEntry) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.blobs[key] = e
}

// doubt forgets a blob or day bucket after a write to it failed: the write
// may still have reached the database, so it is read again from there.
func (m *memo) doubt(key string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.blobs, key)
	delete(m.days, key)
}

// doubtWork forgets the work queue after a write to it failed.
func (m *memo) doubtWork() {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.work = nil
}

// keepDecoded remembers the decoded form of the blob at version.
func (m *memo) keepDecoded(key string, version int64, v any) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if e, ok := m.blobs[key]; ok && e.version == version {
		e.decoded = v
		m.blobs[key] = e
	}
}

// openReports is the remembered work queue, or false before it was read.
func (m *memo) openReports() ([]report.Report, bool) {
	if m == nil {
		return nil, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.work == nil {
		return nil, false
	}
	return slices.Collect(maps.Values(m.work)), true
}

// loadWork remembers the work queue as read from the database.
func (m *memo) loadWork(rs []report.Report) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.work = make(map[string]report.Report, len(rs))
	for _, r := range rs {
		m.work[r.ID] = r
	}
}

// queued notes a write to the work queue, once it was read.
func (m *memo) queued(r report.Report, open bool) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	switch {
	case m.work == nil:
	case open:
		m.work[r.ID] = r
	default:
		delete(m.work, r.ID)
	}
}

// forget drops everything, after a bulk change made outside the memo's
// view (a rebuild).
func (m *memo) forget() {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.blobs, m.work, m.days = map[string]blobEntry{}, nil, map[string]map[string]report.Report{}
	m.rechecks, m.recheckWrites = nil, m.recheckWrites+1 // a read begun before is not remembered
}

// day is a remembered day bucket's reports, or false.
func (m *memo) day(key string) ([]report.Report, bool) {
	if m == nil {
		return nil, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	rs, ok := m.days[key]
	return slices.Collect(maps.Values(rs)), ok
}

// loadDay remembers a day bucket as read, dropping the oldest beyond
// memoBuckets (keys start with their date, so they sort by time).
func (m *memo) loadDay(key string, rs []report.Report) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	byID := make(map[string]report.Report, len(rs))
	for _, r := range rs {
		byID[r.ID] = r
	}
	m.days[key] = byID
	for len(m.days) > memoBuckets {
		delete(m.days, slices.Min(slices.Collect(maps.Keys(m.days))))
	}
}

// filed notes a write to a day bucket that is remembered.
func (m *memo) filed(key string, r report.Report) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if rs, ok := m.days[key]; ok {
		rs[r.ID] = r
	}
}
