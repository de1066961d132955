package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"gridline/webhook"
)

// A delivery whose retries ran out moves from the outbox to outbox_failed,
// body and all, where the console shows it until an admin resends it (back
// to the outbox, with a fresh window of retries) or removes its endpoint.
// Kept aside, it no longer holds up the later events of its report, nor
// makes the sender's reads longer.

// DeliveryFailed moves d to the failed deliveries. It is written there
// before it leaves the outbox, so a crash in between leaves it in both,
// and the next failure writes the same _id again.
func (s *Store) DeliveryFailed(ctx context.Context, d webhook.Delivery, lastErr string) error {
	d.LastError, d.FailedAt = lastErr, s.Now()
	_, err := s.db.Collection("outbox_failed").ReplaceOne(ctx, bson.M{"_id": d.ID}, d, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("fail delivery %s: %w", d.ID, err)
	}
	return s.DropDelivery(ctx, d.ID)
}

// FailedDeliveries lists the failed deliveries, the latest failure first.
// It reads the collection whole: only what failed and was not resent.
func (s *Store) FailedDeliveries(ctx context.Context) ([]webhook.Delivery, error) {
	out, err := s.deliveries(ctx, "outbox_failed")
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b webhook.Delivery) int {
		return cmp.Or(b.FailedAt.Compare(a.FailedAt), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// ResendFailed puts the failed deliveries of an endpoint back in the
// outbox, due now with a fresh window of retries, and returns how many.
// Each is written to the outbox before it leaves the failed ones, so a
// crash in between sends it, at worst, once more.
func (s *Store) ResendFailed(ctx context.Context, endpoint string) (int, error) {
	failed, err := s.FailedDeliveries(ctx)
	if err != nil {
		return 0, err
	}
	var resent []webhook.Delivery
	now := s.Now()
	for _, d := range failed {
		if d.Endpoint != endpoint {
			continue
		}
		d.Created, d.Due, d.Attempts, d.FailedAt = now, now, 0, time.Time{}
		if err := insertIfAbsent(ctx, s.db.Collection("outbox"), d); err != nil {
			return len(resent), fmt.Errorf("resend delivery %s: %w", d.ID, err)
		}
		if _, err := s.db.Collection("outbox_failed").DeleteOne(ctx, bson.M{"_id": d.ID}); err != nil {
			return len(resent), fmt.Errorf("resend delivery %s: %w", d.ID, err)
		}
		resent = append(resent, d)
	}
	s.feed.push(resent)
	return len(resent), nil
}
