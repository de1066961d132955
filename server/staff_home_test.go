package server_test

import (
	"slices"
	"strings"
	"testing"
)

// TestStaffHome lists what is overdue first, then the open work; nothing
// finished.
func TestStaffHome(t *testing.T) {
	f := newInboxFixture(t)
	op, _ := f.app.login("op")
	body := op.get("/admin").body
	overdueAt := strings.Index(body, staffText(t, "staff.overdue_first"))
	openAt := strings.Index(body, staffText(t, "staff.open_work"))
	if overdueAt < 0 || openAt < overdueAt {
		t.Fatalf("sections at %d and %d: want the overdue one first", overdueAt, openAt)
	}
	if got := listedIDs(body[overdueAt:openAt]); !slices.Equal(got, ids(f.late)) {
		t.Errorf("overdue section lists %v, want %v", got, ids(f.late))
	}
	if got := listedIDs(body); len(got) == 0 || got[0] != f.late.ID {
		t.Errorf("the first report on the page is %v, want the overdue %s", got, f.late.ID)
	}
	open := listedIDs(body[openAt:])
	want := ids(f.submitted, f.accepted, f.late, f.dueSoon, f.inProgress, f.reopened)
	slices.Sort(open)
	slices.Sort(want)
	if !slices.Equal(open, want) {
		t.Errorf("open work %v, want %v", open, want)
	}

	t.Run("a worker's home", func(t *testing.T) {
		b, _ := f.app.login("wang")
		body := b.get("/admin").body
		if got := listedIDs(body); !slices.Contains(got, f.late.ID) || got[0] != f.late.ID || slices.Contains(got, f.submitted.ID) {
			t.Errorf("worker home lists %v", got)
		}
	})
}
