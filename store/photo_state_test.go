package store_test

import (
	"errors"
	"testing"
	"time"

	"gridline/database/dbtest"
	"gridline/photo"
	"gridline/report"
	"gridline/store"
)

// TestPhotoState: an untouched photo has the zero state; a saved state is
// read back whole; of two saves from the same read only the first counts,
// with one writer (the store's lock) and with several (the compare-and-set
// on rev).
func TestPhotoState(t *testing.T) {
	for _, single := range []bool{true, false} {
		t.Run(map[bool]string{true: "single writer", false: "several writers"}[single], func(t *testing.T) {
			db, _ := dbtest.New(t)
			st := store.New(db, func() time.Time { return time.Date(2026, 3, 28, 4, 0, 0, 0, time.UTC) }, store.Options{SingleWriter: single})
			if err := st.EnsureIndexes(t.Context()); err != nil {
				t.Fatal(err)
			}
			const id = "0123456789abcdef0123456789abcdef"
			fresh, err := st.PhotoState(t.Context(), id)
			if err != nil || fresh.ID != id || fresh.Rev != 0 || fresh.Rendition != "" || fresh.Reviewed {
				t.Fatalf("untouched photo: %+v, %v", fresh, err)
			}
			next := fresh
			next.Rendition, next.Regions, next.ChangedBy = "0a1b2c3d", []photo.Region{{X: 0.1, Y: 0.2, W: 0.3, H: 0.4}}, "op"
			saved, err := st.SavePhotoState(t.Context(), next)
			if err != nil || saved.Rev != 1 {
				t.Fatalf("first save: %+v, %v", saved, err)
			}
			if _, err := st.SavePhotoState(t.Context(), next); !errors.Is(err, store.ErrConflict) {
				t.Errorf("second save from the same read: %v, want ErrConflict", err)
			}
			review := saved
			review.Reviewed = true
			if _, err := st.SavePhotoState(t.Context(), review); err != nil {
				t.Fatal(err)
			}
			if _, err := st.SavePhotoState(t.Context(), saved); !errors.Is(err, store.ErrConflict) {
				t.Errorf("save from a stale read: %v, want ErrConflict", err)
			}
			got, err := st.PhotoState(t.Context(), id)
			if err != nil || got.Rev != 2 || !got.Reviewed || got.Rendition != "0a1b2c3d" || len(got.Regions) != 1 ||
				got.Regions[0] != next.Regions[0] || got.ChangedBy != "op" || got.ChangedAt.IsZero() {
				t.Errorf("read back %+v, %v", got, err)
			}
		})
	}
}

// TestPhotoReport: a photo leads to the report that refers to it; a photo
// no report refers to is not found.
func TestPhotoReport(t *testing.T) {
	st := newStore(t)
	at := time.Date(2026, 3, 28, 3, 0, 0, 0, time.UTC)
	const photoID, other = "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"
	r, err := st.CreateReport(t.Context(), report.Report{
		Community: "ABCDEF", Street: "北山口镇", Category: "市容环境", Description: "路灯不亮",
		Status: report.Submitted, Version: 1, CreatedAt: at, UpdatedAt: at, Photos: []string{photoID},
		Timeline:    []report.Event{{At: at, Action: report.Submit, Status: report.Submitted}},
		SubmitToken: "token-photo-report",
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := st.PhotoReport(t.Context(), photoID); err != nil || got != r.ID {
		t.Errorf("photo of %s: %q, %v", r.ID, got, err)
	}
	if _, err := st.PhotoReport(t.Context(), other); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unreferenced photo: %v, want ErrNotFound", err)
	}
}
