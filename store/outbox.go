package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"gridline/report"
	"gridline/webhook"
)

// The outbox holds the webhook deliveries waiting to be made: one document
// per event and endpoint, under an _id made of the report, the timeline
// index and the endpoint (webhook.Delivery). Nothing is lost because the
// deliveries are derived from the report's timeline in derive, like the
// work queue: a change cut short by a crash is derived again by Recover,
// and an _id already there is left as it is, so deriving twice records an
// event once. The sender removes a delivery once its endpoint took it, and
// moves it to outbox_failed when retries ran out (outbox_failed.go), so
// the outbox is only what waits: a whole read of it never reads history.
// Unlike the work queue it is not made again by `gridline rebuild` (see
// derived in upgrade.go): that would send every event ever made once more.

// keepOutbox records the events of the timeline entries next has that old
// had not, for every endpoint, and wakes the sender. Each event's
// deliveries are written before the next event's, so the sender never
// sees a later event of a report without the earlier ones still waiting.
func (s *Store) keepOutbox(ctx context.Context, old *report.Report, next report.Report) error {
	from := 0
	if old != nil {
		from = len(old.Timeline)
	}
	if from >= len(next.Timeline) {
		return nil
	}
	eps, err := s.Webhooks(ctx)
	if err != nil || len(eps) == 0 {
		return err
	}
	ds, err := webhook.Deliveries(next, from, eps, s.opts.BaseURL, s.Now())
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	outbox := s.db.Collection("outbox")
	for i := 0; i < len(ds); i += len(eps) { // one event's deliveries at a time
		docs := make([]any, 0, len(eps))
		for _, d := range ds[i:min(i+len(eps), len(ds))] {
			docs = append(docs, d)
		}
		if err := insertNew(ctx, outbox, docs); err != nil {
			return fmt.Errorf("outbox: %w", err)
		}
	}
	s.feed.push(ds)
	return nil
}

// Outbox is every delivery waiting, due or not. It reads the collection
// whole: only what waits is in it.
func (s *Store) Outbox(ctx context.Context) ([]webhook.Delivery, error) {
	return s.deliveries(ctx, "outbox")
}

func (s *Store) deliveries(ctx context.Context, coll string) ([]webhook.Delivery, error) {
	cur, err := s.db.Collection(coll).Find(ctx, bson.M{})
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", coll, err)
	}
	out := []webhook.Delivery{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("read %s: %w", coll, err)
	}
	return out, nil
}

// ClaimDelivery counts an attempt of d and puts its next one off until the
// given time, the attempt's lease. With a single writer (the only sender is
// this process's) it writes by _id; otherwise only while d's attempts are
// as read, so of two instances one claims it. False when d is gone or
// claimed by another.
func (s *Store) ClaimDelivery(ctx context.Context, d webhook.Delivery, until time.Time) (bool, error) {
	filter := bson.M{"_id": d.ID}
	if !s.opts.SingleWriter {
		filter["attempts"] = d.Attempts
	}
	res, err := s.db.Collection("outbox").UpdateOne(ctx, filter,
		bson.M{"$set": bson.M{"due": until}, "$inc": bson.M{"attempts": 1}})
	if err != nil {
		return false, fmt.Errorf("claim delivery %s: %w", d.ID, err)
	}
	return res.MatchedCount == 1, nil
}

// DeliveryDone removes a delivery its endpoint took.
func (s *Store) DeliveryDone(ctx context.Context, id string) error {
	return s.DropDelivery(ctx, id)
}

// DropDelivery removes a delivery from the outbox.
func (s *Store) DropDelivery(ctx context.Context, id string) error {
	if _, err := s.db.Collection("outbox").DeleteOne(ctx, bson.M{"_id": id}); err != nil {
		return fmt.Errorf("remove delivery %s: %w", id, err)
	}
	return nil
}

// DeliveryRetry sets when a delivery is tried next, and why the last try
// failed.
func (s *Store) DeliveryRetry(ctx context.Context, id string, due time.Time, lastErr string) error {
	_, err := s.db.Collection("outbox").UpdateOne(ctx, bson.M{"_id": id},
		bson.M{"$set": bson.M{"due": due, "last_error": lastErr}})
	if err != nil {
		return fmt.Errorf("reschedule delivery %s: %w", id, err)
	}
	return nil
}

// insertIfAbsent inserts doc unless a document with its _id is there.
func insertIfAbsent(ctx context.Context, c *mongo.Collection, doc any) error {
	if _, err := c.InsertOne(ctx, doc); err != nil && !mongo.IsDuplicateKeyError(err) {
		return err
	}
	return nil
}
