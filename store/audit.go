package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// AuditEntry records one staff action: who, what, on what, when, from where.
type AuditEntry struct {
	At     time.Time `bson:"at"`
	Actor  string    `bson:"actor"`
	Action string    `bson:"action"` // login, login_failed, logout, report.accept, user.add …
	Target string    `bson:"target,omitempty"`
	IP     string    `bson:"ip,omitempty"`
	Detail string    `bson:"detail,omitempty"`
}

// Audit appends an entry to the audit log.
func (s *Store) Audit(ctx context.Context, e AuditEntry) error {
	e.At = s.Now()
	if _, err := s.db.Collection("audit").InsertOne(ctx, e); err != nil {
		return fmt.Errorf("write audit log: %w", err)
	}
	return nil
}

// AuditEntries lists the log, newest first, one page at a time.
func (s *Store) AuditEntries(ctx context.Context, skip, limit int) ([]AuditEntry, error) {
	opts := options.Find().SetSort(bson.D{{Key: "at", Value: -1}}).SetSkip(int64(skip)).SetLimit(int64(limit))
	cur, err := s.db.Collection("audit").Find(ctx, bson.M{}, opts)
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	var out []AuditEntry
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	return out, nil
}
