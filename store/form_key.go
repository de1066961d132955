package store

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// keyDoc is a secret the server makes for itself, kept in meta.
type keyDoc struct {
	ID  string `bson:"_id"`
	Key []byte `bson:"key"`
}

// FormKey is the key that signs the one-time tokens of residents' forms:
// made at random by the first instance that asks and kept in meta, so every
// instance and every restart checks the same signatures. It is in no file
// and no setting, and never leaves the server.
func (s *Store) FormKey(ctx context.Context) ([]byte, error) {
	meta := s.db.Collection("meta")
	for range 2 {
		var d keyDoc
		err := meta.FindOne(ctx, bson.M{"_id": "form_key"}).Decode(&d)
		if err == nil && len(d.Key) >= 32 {
			return d.Key, nil
		}
		if err != nil && !errors.Is(err, mongo.ErrNoDocuments) {
			return nil, fmt.Errorf("read form key: %w", err)
		}
		if err == nil {
			return nil, errors.New("read form key: stored key is too short")
		}
		d = keyDoc{ID: "form_key", Key: make([]byte, 32)}
		if _, err := rand.Read(d.Key); err != nil {
			return nil, err
		}
		_, err = meta.InsertOne(ctx, d)
		if err == nil {
			return d.Key, nil
		}
		if !mongo.IsDuplicateKeyError(err) {
			return nil, fmt.Errorf("write form key: %w", err)
		}
		// another instance made it first: read theirs
	}
	return nil, errors.New("form key: made by another instance but not readable")
}
