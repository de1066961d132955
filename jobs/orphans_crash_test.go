package jobs_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"gridline/jobs"
	"gridline/photostore"
)

// refsOf is a report store that refers to a fixed set of photos.
type refsOf struct {
	now  time.Time
	used map[string]bool
}

func (r refsOf) Now() time.Time { return r.now }
func (r refsOf) PhotoUsed(_ context.Context, id string) (bool, error) {
	return r.used[id], nil
}
func (r refsOf) Watermark(context.Context, string) (time.Time, error)  { return time.Time{}, nil }
func (r refsOf) SetWatermark(context.Context, string, time.Time) error { return nil }

// TestCleanOrphansRemovesCrashedWrites: a server killed while writing a
// photo leaves the photo directory's temporary file behind. No report can
// refer to it, so the clean-up removes it once it is older than an hour,
// and leaves a younger one (a write that may still be under way) and
// anything that is not the store's own file.
func TestCleanOrphansRemovesCrashedWrites(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	photos, err := photostore.NewDir(root)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	old, young := ".upload-2846193755", ".upload-1197445120"
	for name, age := range map[string]time.Duration{
		old: 2 * time.Hour, young: time.Minute, "notes.txt": 2 * time.Hour,
	} {
		path := filepath.Join(root, name)
		if err := os.WriteFile(path, []byte("half a jpeg"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(path, now.Add(-age), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
	}

	n, err := jobs.CleanOrphans(ctx, refsOf{now: now, used: map[string]bool{}}, photos)
	if err != nil || n != 1 {
		t.Fatalf("CleanOrphans removed %d files (%v), want the one old temporary file", n, err)
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if want := []string{young, "notes.txt"}; !slices.Equal(left, want) {
		t.Errorf("left %v, want %v", left, want)
	}
	if err := photos.Delete(ctx, ".upload-../notes.txt"); err == nil {
		t.Error("Delete accepted a temporary name that leaves the directory")
	}
}
