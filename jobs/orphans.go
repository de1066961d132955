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

// PhotoRefs says which photos reports refer to, and remembers up to when
// photos were checked.
type PhotoRefs interface {
	Now() time.Time
	PhotoUsed(ctx context.Context, id string) (bool, error)
	Watermark(ctx context.Context, name string) (time.Time, error)
	SetWatermark(ctx context.Context, name string, t time.Time) error
}

// orphansChecked names the watermark: photos written before it were checked.
const orphansChecked = "orphans_checked"

// CleanOrphans removes photos older than an hour that no report refers to
// (left behind by a crash between writing photos and the report) and returns
// how many files it removed. Each photo is looked at once, when it turns an
// hour old: a run checks only the photos written since the last run's cut-off,
// each by one look-up by _id.
func CleanOrphans(ctx context.Context, refs PhotoRefs, photos photostore.Store) (int, error) {
	from, err := refs.Watermark(ctx, orphansChecked)
	if err != nil {
		return 0, err
	}
	before := refs.Now().Add(-orphanAge)
	if !from.Before(before) {
		return 0, nil
	}
	names, err := photos.List(ctx, from, before)
	if err != nil {
		return 0, err
	}
	removed := 0
	var errs []error
	for _, name := range names {
		used, err := refs.PhotoUsed(ctx, photostore.IDOf(name))
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if used {
			continue
		}
		if err := photos.Delete(ctx, name); err != nil {
			errs = append(errs, err)
			continue
		}
		removed++
	}
	if len(errs) == 0 {
		errs = append(errs, refs.SetWatermark(ctx, orphansChecked, before))
	}
	return removed, errors.Join(errs...)
}
