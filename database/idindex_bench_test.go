package database_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"gridline/database"
)

// BenchmarkFindByID measures FindOne by a random _id through the driver on the
// embedded engine, with IndexIDs applied, at growing collection sizes: the
// figures should stay flat. The noindex cases show what the index saves; they
// scan, so each look-up costs milliseconds and grows with the collection.
// Seeding 100k reports takes a while, so it runs only with
// GRIDLINE_BENCH_SCALE=1 (about 7 minutes on 2 cores, most of it noindex):
//
//	GRIDLINE_BENCH_SCALE=1 go test -run '^$' -bench BenchmarkFindByID -benchtime 2000x ./database/
//
// Add e.g. -bench 'FindByID/[0-9]+k$' to leave the scans out.
func BenchmarkFindByID(b *testing.B) {
	if os.Getenv("GRIDLINE_BENCH_SCALE") != "1" {
		b.Skip("set GRIDLINE_BENCH_SCALE=1 to seed up to 100,000 reports")
	}
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, err := database.Open(ctx, database.Options{DataDir: b.TempDir(), Name: "unused"}, log)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close(ctx)

	cases := []struct {
		name  string
		docs  int
		index bool
	}{
		{"1k", 1_000, true},
		{"10k", 10_000, true},
		{"100k", 100_000, true},
		{"1k_noindex", 1_000, false},
		{"10k_noindex", 10_000, false},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			name := "bench_" + c.name // a database, so a SQLite file, per case
			ids := seedReports(b, db.Client.Database(name).Collection("reports"), c.docs)
			if c.index {
				if err := db.IndexIDs(ctx, name); err != nil {
					b.Fatal(err)
				}
			}
			coll := db.Client.Database(name).Collection("reports")
			for b.Loop() {
				id := ids[rand.IntN(len(ids))]
				var got struct {
					ID bson.ObjectID `bson:"_id"`
				}
				if err := coll.FindOne(ctx, bson.M{"_id": id}).Decode(&got); err != nil {
					b.Fatal(err)
				}
				if got.ID != id {
					b.Fatalf("asked for %v, got %v", id, got.ID)
				}
			}
		})
	}
}

// seedReports inserts n report-like documents (~1.5 KB, with a timeline) in
// batches of 1000 and returns their _ids.
func seedReports(b *testing.B, coll *mongo.Collection, n int) []bson.ObjectID {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	ids := make([]bson.ObjectID, n)
	batch := make([]any, 0, 1000)
	for i := range n {
		ids[i] = bson.NewObjectID()
		batch = append(batch, report(ids[i], i))
		if len(batch) == cap(batch) || i == n-1 {
			if _, err := coll.InsertMany(ctx, batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	raw, _ := bson.Marshal(report(ids[0], 0))
	b.Logf("seeded %d reports of %d bytes in %s", n, len(raw), time.Since(start).Round(time.Millisecond))
	return ids
}

// report is shaped like a citizen report: fields, a location and a timeline.
func report(id bson.ObjectID, i int) bson.M {
	at := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
	timeline := make(bson.A, 0, 6)
	for step, status := range []string{"new", "confirmed", "assigned", "in_progress", "resolved", "closed"} {
		timeline = append(timeline, bson.M{
			"at":     at.Add(time.Duration(step) * 36 * time.Hour),
			"status": status,
			"by":     fmt.Sprintf("staff-%03d", (i+step)%200),
			"note":   strings.Repeat("Crew checked the site and noted progress. ", 2),
		})
	}
	return bson.M{
		"_id":         id,
		"code":        fmt.Sprintf("R-%06d", i),
		"community":   "north-ward",
		"category":    []string{"roads", "lighting", "waste", "water"}[i%4],
		"status":      "closed",
		"title":       "Pothole on the corner by the school gate",
		"description": strings.Repeat("A deep pothole fills with water after rain and cyclists swerve into traffic. ", 4),
		"location":    bson.M{"lat": 51.5 + float64(i%1000)/1e4, "lng": -0.12, "address": "12 Station Road"},
		"reporter":    bson.M{"name": "A. Resident", "email": "resident@example.org", "public": false},
		"photos":      bson.A{fmt.Sprintf("photos/%d-1.jpg", i)},
		"created":     at,
		"updated":     at.Add(180 * time.Hour),
		"version":     int32(len(timeline)),
		"timeline":    timeline,
	}
}
