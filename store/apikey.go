package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"gridline/auth"
)

// The apikeys collection holds the Open311 API's keys by name (_id), each
// with the SHA-256 of its key. It stays small (one key per outside system),
// so finding a key by its hash reads the whole collection, as the
// categories are read: tens of documents, on a POST already limited per
// address and per key.

// CreateAPIKey stores a new key; ErrDuplicate if its name was ever used.
func (s *Store) CreateAPIKey(ctx context.Context, k auth.APIKey) error {
	k.CreatedAt = s.Now()
	_, err := s.db.Collection("apikeys").InsertOne(ctx, k)
	if mongo.IsDuplicateKeyError(err) {
		return fmt.Errorf("api key %s: %w", k.Name, ErrDuplicate)
	}
	if err != nil {
		return fmt.Errorf("create api key: %w", err)
	}
	return nil
}

// APIKeys lists every key, revoked ones too, by name.
func (s *Store) APIKeys(ctx context.Context) ([]auth.APIKey, error) {
	cur, err := s.db.Collection("apikeys").Find(ctx, bson.M{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, fmt.Errorf("list api keys: %w", err)
	}
	out := []auth.APIKey{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list api keys: %w", err)
	}
	return out, nil
}

// APIKeyByHash finds the key whose SHA-256 is hash (auth.TokenID of what a
// client sent), revoked or not; ErrNotFound when no key has it.
func (s *Store) APIKeyByHash(ctx context.Context, hash string) (auth.APIKey, error) {
	var k auth.APIKey
	err := s.db.Collection("apikeys").FindOne(ctx, bson.M{"hash": hash}).Decode(&k)
	if err != nil {
		return auth.APIKey{}, fmt.Errorf("api key: %w", notFound(err))
	}
	return k, nil
}

// RevokeAPIKey ends a key for good and returns it as stored; revoking it
// again keeps the first time. ErrNotFound when no key has the name.
func (s *Store) RevokeAPIKey(ctx context.Context, name string) (auth.APIKey, error) {
	keys := s.db.Collection("apikeys")
	var k auth.APIKey
	if err := keys.FindOne(ctx, bson.M{"_id": name}).Decode(&k); err != nil {
		return auth.APIKey{}, fmt.Errorf("api key %s: %w", name, notFound(err))
	}
	if !k.Active() {
		return k, nil
	}
	k.RevokedAt = s.Now()
	if _, err := keys.UpdateOne(ctx, bson.M{"_id": name}, bson.M{"$set": bson.M{"revoked_at": k.RevokedAt}}); err != nil {
		return auth.APIKey{}, fmt.Errorf("revoke api key %s: %w", name, err)
	}
	return k, nil
}
