package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"gridline/webhook"
)

// The webhooks collection holds the endpoints admins added: a handful,
// read whole by every change that records events (outbox.go) and by the
// sender.

// AddWebhook stores a new endpoint; ErrDuplicate if its ID is taken.
func (s *Store) AddWebhook(ctx context.Context, ep webhook.Endpoint) error {
	_, err := s.db.Collection("webhooks").InsertOne(ctx, ep)
	if mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("webhook %s: %w", ep.ID, ErrDuplicate)
	}
	if err != nil {
		return fmt.Errorf("add webhook: %w", err)
	}
	return nil
}

// Webhooks lists the endpoints, oldest first.
func (s *Store) Webhooks(ctx context.Context) ([]webhook.Endpoint, error) {
	cur, err := s.db.Collection("webhooks").Find(ctx, bson.M{})
	if err != nil {
		return nil, fmt.Errorf("read webhooks: %w", err)
	}
	out := []webhook.Endpoint{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("read webhooks: %w", err)
	}
	slices.SortFunc(out, func(a, b webhook.Endpoint) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// RemoveWebhook removes an endpoint with what waits for it, delivered or
// failed; ErrNotFound if there is none. An event recorded for it while it
// is removed is dropped by the sender, which finds no endpoint for it.
func (s *Store) RemoveWebhook(ctx context.Context, id string) error {
	res, err := s.db.Collection("webhooks").DeleteOne(ctx, bson.M{"_id": id})
	if err != nil {
		return fmt.Errorf("remove webhook %s: %w", id, err)
	}
	if res.DeletedCount == 0 {
		return fmt.Errorf("webhook %s: %w", id, ErrNotFound)
	}
	// A whole read of each on the embedded engine: both hold only what
	// waits, and removing an endpoint is rare.
	for _, coll := range []string{"outbox", "outbox_failed"} {
		if _, err := s.db.Collection(coll).DeleteMany(ctx, bson.M{"endpoint": id}); err != nil {
			return fmt.Errorf("remove webhook %s: %s: %w", id, coll, err)
		}
	}
	return nil
}
