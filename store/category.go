package store

import (
	"context"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// Category is a kind of problem residents choose, with the time a dispatched
// report of that kind is given by default.
type Category struct {
	Name     string        `bson:"_id"`
	Deadline time.Duration `bson:"deadline"`
	Position int           `bson:"position"`
}

// DefaultDeadline is the deadline of a category unless an admin sets another:
// 24 hours for safety hazards (安全隐患), 72 for the rest.
func DefaultDeadline(name string) time.Duration {
	if name == "安全隐患" {
		return 24 * time.Hour
	}
	return 72 * time.Hour
}

// EnsureCategories creates the given categories when there are none yet, so
// a fresh installation starts with the configured list.
func (s *Store) EnsureCategories(ctx context.Context, names []string) error {
	n, err := s.db.Collection("categories").CountDocuments(ctx, bson.M{})
	if err != nil || n > 0 {
		return err
	}
	for i, name := range names {
		if err := s.SaveCategory(ctx, Category{Name: name, Deadline: DefaultDeadline(name), Position: i}); err != nil {
			return err
		}
	}
	return nil
}

// SaveCategory creates or updates a category.
func (s *Store) SaveCategory(ctx context.Context, c Category) error {
	_, err := s.db.Collection("categories").ReplaceOne(ctx, bson.M{"_id": c.Name}, c, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("save category: %w", err)
	}
	return nil
}

// Categories lists the categories in the order residents see them.
func (s *Store) Categories(ctx context.Context) ([]Category, error) {
	opts := options.Find().SetSort(bson.D{{Key: "position", Value: 1}, {Key: "_id", Value: 1}})
	cur, err := s.db.Collection("categories").Find(ctx, bson.M{}, opts)
	if err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	out := []Category{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	return out, nil
}
