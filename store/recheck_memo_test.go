package store

import (
	"testing"

	"gridline/report"
)

// TestRecheckMemoSkipsARacedRead: a read of the re-checks that began before
// a write is not remembered (it may hold the document as it was), and the
// next read goes to the database; one with no write since is remembered.
func TestRecheckMemoSkipsARacedRead(t *testing.T) {
	m := newMemo()
	stale := []report.Report{{ID: "K7M2QXW4A"}}
	since := m.recheckWriteCount()
	m.rechecked(report.Report{ID: "K7M2QXW4A"}, false, false) // its re-check recorded meanwhile
	m.loadRechecks(stale, since)
	if _, ok := m.owedRechecks(); ok {
		t.Fatal("a read that raced a write was remembered")
	}
	m.loadRechecks(nil, m.recheckWriteCount())
	if rs, ok := m.owedRechecks(); !ok || len(rs) != 0 {
		t.Fatalf("a read with no write since: remembered %v, %v", rs, ok)
	}
	m.forget()
	if _, ok := m.owedRechecks(); ok {
		t.Error("the re-checks are remembered past forget")
	}
}
