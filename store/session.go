package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"gridline/auth"
)

// CreateSession stores a new session.
func (s *Store) CreateSession(ctx context.Context, sess auth.Session) error {
	if _, err := s.db.Collection("sessions").InsertOne(ctx, sess); err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// Session finds an unexpired session by ID.
func (s *Store) Session(ctx context.Context, id string) (auth.Session, error) {
	var sess auth.Session
	err := s.db.Collection("sessions").FindOne(ctx, bson.M{"_id": id}).Decode(&sess)
	if err != nil {
		return auth.Session{}, fmt.Errorf("session: %w", notFound(err))
	}
	if !s.Now().Before(sess.ExpiresAt) {
		return auth.Session{}, fmt.Errorf("session expired: %w", ErrNotFound)
	}
	return sess, nil
}

// DeleteSession ends a session (logout).
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	if _, err := s.db.Collection("sessions").DeleteOne(ctx, bson.M{"_id": id}); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// DeleteExpired removes expired sessions and old login failures; the server
// runs it periodically (the embedded server has no TTL indexes). Both
// collections hold only recent activity.
func (s *Store) DeleteExpired(ctx context.Context) error {
	now := s.Now()
	if _, err := s.db.Collection("sessions").DeleteMany(ctx, bson.M{"expires_at": bson.M{"$lte": now}}); err != nil {
		return fmt.Errorf("delete expired sessions: %w", err)
	}
	old := now.Add(-loginFailureMemory)
	if _, err := s.db.Collection("login_failures").DeleteMany(ctx, bson.M{"last": bson.M{"$lt": old}}); err != nil {
		return fmt.Errorf("delete old login failures: %w", err)
	}
	return nil
}

// loginFailureMemory is how long failed logins are remembered.
const loginFailureMemory = 24 * time.Hour

// loginFailures are one key's failed logins (an account or an address), in
// one document so that counting them is a look-up by _id.
type loginFailures struct {
	Key  string      `bson:"_id"`
	At   []time.Time `bson:"at"`
	Last time.Time   `bson:"last"`
}

// maxFailuresKept bounds a key's document under a long attack; the
// throttle needs far fewer.
const maxFailuresKept = 200

// RecordLoginFailure notes one failed login for each key (account, address).
func (s *Store) RecordLoginFailure(ctx context.Context, keys ...string) error {
	now := s.Now()
	for _, k := range keys {
		_, err := s.db.Collection("login_failures").UpdateOne(ctx, bson.M{"_id": k}, bson.M{
			"$push": bson.M{"at": bson.M{"$each": []time.Time{now}, "$slice": -maxFailuresKept}},
			"$set":  bson.M{"last": now},
		}, options.UpdateOne().SetUpsert(true))
		if err != nil {
			return fmt.Errorf("record login failure: %w", err)
		}
	}
	return nil
}

// LoginFailures counts failures for key since a time, so every instance
// throttles the same way.
func (s *Store) LoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var f loginFailures
	err := s.db.Collection("login_failures").FindOne(ctx, bson.M{"_id": key}).Decode(&f)
	if errors.Is(notFound(err), ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("count login failures: %w", err)
	}
	n, forgotten := 0, s.Now().Add(-loginFailureMemory)
	for _, at := range f.At {
		if !at.Before(since) && !at.Before(forgotten) {
			n++
		}
	}
	return n, nil
}
