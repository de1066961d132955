package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// A scan count is one document per community, poster kind and day, whose n
// is incremented by each scan. Nothing about the person scanning is kept.
type scanCount struct {
	Community string `bson:"community"`
	Kind      string `bson:"kind"`
	Day       string `bson:"day"` // 2006-01-02 in the display time zone
	N         int    `bson:"n"`
}

// RecordScan counts one scan of a community's poster of the given kind on
// day (2006-01-02). It is an upsert with $inc on a document keyed by all
// three, so no scan is lost on MongoDB; on the embedded server the single
// connection serialises it.
func (s *Store) RecordScan(ctx context.Context, community, kind, day string) error {
	id := community + "/" + kind + "/" + day
	_, err := s.db.Collection("scans").UpdateOne(ctx, bson.M{"_id": id}, bson.M{
		"$inc":         bson.M{"n": 1},
		"$setOnInsert": bson.M{"community": community, "kind": kind, "day": day},
	}, options.UpdateOne().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("record scan: %w", err)
	}
	return nil
}

// Scans adds up the scans of days in [from, to) (2006-01-02, to exclusive)
// per community and kind, for the given communities (all when codes is nil).
func (s *Store) Scans(ctx context.Context, from, to string, codes []string) (map[string]map[string]int, error) {
	filter := bson.M{"day": bson.M{"$gte": from, "$lt": to}}
	if codes != nil {
		filter["community"] = bson.M{"$in": codes}
	}
	cur, err := s.db.Collection("scans").Find(ctx, filter)
	if err != nil {
		return nil, fmt.Errorf("list scans: %w", err)
	}
	var rows []scanCount
	if err := cur.All(ctx, &rows); err != nil {
		return nil, fmt.Errorf("list scans: %w", err)
	}
	out := map[string]map[string]int{}
	for _, r := range rows {
		if out[r.Community] == nil {
			out[r.Community] = map[string]int{}
		}
		out[r.Community][r.Kind] += r.N
	}
	return out, nil
}
