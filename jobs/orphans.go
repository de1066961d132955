package jobs

import (
	"context"
	"errors"
	"time"

	"gridline/photostore"
)

// orphanAge is how old an unreferenced photo must be before it is removed:
// a submission writes its photos before its report, so a young photo may
// still be about to get one.
const orphanAge = time.Hour

// PhotoRefs lists the photo IDs reports refer to.
type PhotoRefs interface {
	Now() time.Time
	PhotoIDs(ctx context.Context) (map[string]bool, error)
}

// CleanOrphans removes photos older than an hour that no report refers to
// (left behind by a crash between writing photos and the report) and returns
// how many files it removed.
func CleanOrphans(ctx context.Context, refs PhotoRefs, photos photostore.Store) (int, error) {
	names, err := photos.List(ctx, refs.Now().Add(-orphanAge))
	if err != nil {
		return 0, err
	}
	if len(names) == 0 {
		return 0, nil
	}
	used, err := refs.PhotoIDs(ctx)
	if err != nil {
		return 0, err
	}
	removed := 0
	var errs []error
	for _, name := range names {
		if used[photostore.IDOf(name)] {
			continue
		}
		if err := photos.Delete(ctx, name); err != nil {
			errs = append(errs, err)
			continue
		}
		removed++
	}
	return removed, errors.Join(errs...)
}
