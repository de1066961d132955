package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"gridline/jobs"
	"gridline/photostore"
	"gridline/store"
)

// cleanAhead is how far the clean-up's clock runs ahead: the job removes
// only photos older than an hour, and the run's photos are minutes old.
const cleanAhead = time.Hour + time.Minute

// orphanCount is what the photo store holds that no report refers to.
type orphanCount struct {
	files  int // photo files (full size or thumbnail) of no report
	photos int // distinct photo IDs among them
	temps  int // ".upload-*" files a killed server left half written
}

// photoFiles lists the names in the server's photo store.
type photoFiles interface {
	names(ctx context.Context) (map[string]bool, error)
	String() string
}

type dirFiles string

func (d dirFiles) String() string { return string(d) }

func (d dirFiles) names(context.Context) (map[string]bool, error) {
	entries, err := os.ReadDir(string(d))
	if err != nil {
		return nil, fmt.Errorf("verify: list photos: %w", err)
	}
	out := make(map[string]bool, len(entries))
	for _, e := range entries {
		out[e.Name()] = true
	}
	return out, nil
}

type gridFiles struct{ db *mongo.Database }

func (g gridFiles) String() string { return "GridFS bucket photos" }

func (g gridFiles) names(ctx context.Context) (map[string]bool, error) {
	cur, err := g.db.Collection("photos.files").Find(ctx, bson.M{}, options.Find().SetProjection(bson.M{"_id": 1}))
	if err != nil {
		return nil, fmt.Errorf("verify: list GridFS photos: %w", err)
	}
	var files []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &files); err != nil {
		return nil, fmt.Errorf("verify: list GridFS photos: %w", err)
	}
	out := make(map[string]bool, len(files))
	for _, f := range files {
		out[f.ID] = true
	}
	return out, nil
}

func (c config) photoFiles(db *mongo.Database) photoFiles {
	if c.photoStore == "gridfs" {
		return gridFiles{db}
	}
	return dirFiles(filepath.Join(c.dataDir, "photos"))
}

func (c config) photoStoreFor(db *mongo.Database) (photostore.Store, error) {
	if c.photoStore == "gridfs" {
		return photostore.NewGridFS(db), nil
	}
	return photostore.NewDir(filepath.Join(c.dataDir, "photos"))
}

// countOrphans counts the stored photo files no report refers to.
func countOrphans(reports []storedReport, names map[string]bool) orphanCount {
	used := map[string]bool{}
	for _, r := range reports {
		for _, id := range append(r.Photos, r.AfterPhotos...) {
			used[id] = true
		}
	}
	var c orphanCount
	ids := map[string]bool{}
	for name := range names {
		if strings.HasPrefix(name, ".upload-") {
			c.temps++
			continue
		}
		if id := photostore.IDOf(name); id != "" && !used[id] {
			c.files++
			ids[id] = true
		}
	}
	c.photos = len(ids)
	return c
}

// cleanup is what the orphan job did with its clock moved ahead.
type cleanup struct {
	removed       int
	left          orphanCount
	photosMissing []string // acknowledged reports' files gone afterwards
}

// cleanOrphans runs the server's own clean-up job, jobs.CleanOrphans, with
// its clock an hour ahead, then counts again: no orphan may be left, and no
// acknowledged report may have lost a photo to it. Run it only once the
// load has stopped: with the clock ahead, a submission under way would lose
// the photos it has written but not yet referred to.
func cleanOrphans(ctx context.Context, cfg config, db *mongo.Database, files photoFiles, subs []submission, before []storedReport) (cleanup, error) {
	photos, err := cfg.photoStoreFor(db)
	if err != nil {
		return cleanup{}, err
	}
	st := store.New(db, func() time.Time { return time.Now().Add(cleanAhead) }, store.Options{})
	var c cleanup
	if c.removed, err = jobs.CleanOrphans(ctx, st, photos); err != nil {
		return c, fmt.Errorf("verify: clean orphans: %w", err)
	}
	names, err := files.names(ctx)
	if err != nil {
		return c, err
	}
	reports, err := storedReports(ctx, db)
	if err != nil {
		return c, err
	}
	c.left = countOrphans(reports, names)
	c.photosMissing = compare(cfg.community, subs, before, names).photosMissing
	return c, nil
}

func (v verification) print(w io.Writer) {
	fmt.Fprintf(w, "verification against %s:\n", v.where)
	fmt.Fprintf(w, "  acknowledged:            %d (%d with a photo)\n", v.acknowledged, v.withPhoto)
	fmt.Fprintf(w, "  stored once:             %d\n", v.storedOnce)
	fmt.Fprintf(w, "  lost:                    %d (acknowledged, but no report with its token and tracking code)\n", len(v.lost))
	fmt.Fprintf(w, "  duplicated:              %d (tokens with more than one report)\n", len(v.duplicated))
	fmt.Fprintf(w, "  photo files missing:     %d (of acknowledged reports)\n", len(v.photosMissing))
	fmt.Fprintf(w, "  stored, unacknowledged:  %d (the answer never reached the resident; not a loss)\n", v.unacked)
	fmt.Fprintf(w, "  unexpected:              %d (reports in the community with a token loadgen never sent)\n", v.unexpected)
	fmt.Fprintf(w, "  orphans awaiting clean-up: %d files (%d photos) no report refers to, %d temporary files\n",
		v.orphans.files, v.orphans.photos, v.orphans.temps)
	if c := v.cleaned; c != nil {
		fmt.Fprintf(w, "  clean-up (jobs.CleanOrphans, clock %v ahead): removed %d files; left %d orphan files, %d temporary files; acknowledged photo files missing after: %d\n",
			cleanAhead, c.removed, c.left.files, c.left.temps, len(c.photosMissing))
	}
	left := -1
	if v.cleaned != nil {
		left = v.cleaned.left.files + v.cleaned.left.temps
	}
	fmt.Fprintf(w, "RESULT acknowledged=%d lost=%d duplicated=%d photos_missing=%d orphans=%d orphans_left=%d\n",
		v.acknowledged, len(v.lost), len(v.duplicated), len(v.photosMissing), v.orphans.files+v.orphans.temps, left)
}
