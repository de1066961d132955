package jobs_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"gridline/database/dbtest"
	"gridline/jobs"
	"gridline/photostore"
	"gridline/report"
	"gridline/store"
)

func TestCleanOrphans(t *testing.T) {
	ctx := context.Background()
	for _, kind := range []string{"dir", "gridfs"} {
		t.Run(kind, func(t *testing.T) {
			db, _ := dbtest.New(t)
			var photos photostore.Store = photostore.NewGridFS(db)
			if kind == "dir" {
				d, err := photostore.NewDir(t.TempDir())
				if err != nil {
					t.Fatal(err)
				}
				photos = d
			}
			now := time.Now()
			clock := func() time.Time { return now }
			st := store.New(db, func() time.Time { return clock() }, store.Options{})
			if err := st.EnsureIndexes(ctx); err != nil {
				t.Fatal(err)
			}
			kept, orphan := newPhoto(t, photos), newPhoto(t, photos)
			after := newPhoto(t, photos)
			_, err := st.CreateReport(ctx, report.Report{
				Community: "ABCDEF", SubmitToken: "0123456789abcdef0123456789abcdef",
				Photos: []string{kept}, AfterPhotos: []string{after}, Status: report.Submitted,
			})
			if err != nil {
				t.Fatal(err)
			}

			if n, err := jobs.CleanOrphans(ctx, st, photos); err != nil || n != 0 {
				t.Fatalf("young photos: removed %d (%v), want 0", n, err)
			}
			clock = func() time.Time { return now.Add(2 * time.Hour) }
			n, err := jobs.CleanOrphans(ctx, st, photos)
			if err != nil || n != 2 {
				t.Fatalf("removed %d files (%v), want the orphan and its thumbnail", n, err)
			}
			for _, id := range []string{kept, after} {
				if _, err := photos.Get(ctx, photostore.FullName(id)); err != nil {
					t.Errorf("a referenced photo was removed: %v", err)
				}
			}
			if _, err := photos.Get(ctx, photostore.ThumbName(orphan)); !errors.Is(err, photostore.ErrNotFound) {
				t.Errorf("the orphan's thumbnail survived: %v", err)
			}
		})
	}
}

func newPhoto(t *testing.T, photos photostore.Store) string {
	t.Helper()
	id, err := photostore.NewID()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{photostore.FullName(id), photostore.ThumbName(id)} {
		if err := photos.Put(context.Background(), name, []byte("jpeg")); err != nil {
			t.Fatal(err)
		}
	}
	return id
}
