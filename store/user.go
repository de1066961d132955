package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"gridline/auth"
)

// CreateUser adds a staff account; ErrDuplicate if the username is taken.
func (s *Store) CreateUser(ctx context.Context, u auth.User) error {
	u.CreatedAt = s.Now()
	_, err := s.db.Collection("users").InsertOne(ctx, u)
	if mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("user %s: %w", u.Username, ErrDuplicate)
	}
	if err != nil {
		return fmt.Errorf("create user: %w", err)
	}
	return nil
}

// User finds an account by username.
func (s *Store) User(ctx context.Context, username string) (auth.User, error) {
	var u auth.User
	err := s.db.Collection("users").FindOne(ctx, bson.M{"_id": username}).Decode(&u)
	if err != nil {
		return auth.User{}, fmt.Errorf("user %s: %w", username, notFound(err))
	}
	return u, nil
}

// Users lists every account by username.
func (s *Store) Users(ctx context.Context) ([]auth.User, error) {
	cur, err := s.db.Collection("users").Find(ctx, bson.M{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	var out []auth.User
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return out, nil
}

// SetUserDisabled turns an account off or on. Either way the account moves
// to a new session epoch, so its sessions end at their next request and stay
// ended when it is turned back on (also for an account disabled before
// epochs existed, whose old sessions carry epoch 0).
func (s *Store) SetUserDisabled(ctx context.Context, username string, disabled bool) error {
	res, err := s.db.Collection("users").UpdateOne(ctx, bson.M{"_id": username}, bson.M{
		"$set": bson.M{"disabled": disabled},
		"$inc": bson.M{"session_epoch": int64(1)},
	})
	if err != nil {
		return fmt.Errorf("update user: %w", err)
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("user %s: %w", username, ErrNotFound)
	}
	return nil
}

// SetPassword stores a new password hash and moves the account to a new
// session epoch, ending every session it has (a leaked password is answered
// by changing it). It returns the account as stored, so a caller can start a
// session in the new epoch.
func (s *Store) SetPassword(ctx context.Context, username string, hash []byte) (auth.User, error) {
	var u auth.User
	err := s.db.Collection("users").FindOneAndUpdate(ctx, bson.M{"_id": username},
		bson.M{"$set": bson.M{"hash": hash}, "$inc": bson.M{"session_epoch": int64(1)}},
		options.FindOneAndUpdate().SetReturnDocument(options.After)).Decode(&u)
	if err != nil {
		return auth.User{}, fmt.Errorf("set password of %s: %w", username, notFound(err))
	}
	return u, nil
}

// CountUsers counts accounts, so the first start can say how to make an admin.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	n, err := s.db.Collection("users").CountDocuments(ctx, bson.M{})
	if err != nil {
		return 0, fmt.Errorf("count users: %w", err)
	}
	return int(n), nil
}
