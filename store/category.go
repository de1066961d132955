package store

import (
	"context"
	"fmt"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"gridline/community"
)

// EnsureCategories creates the given categories, in their order, when there
// are none yet, so a fresh installation starts with the configured list.
func (s *Store) EnsureCategories(ctx context.Context, cats []community.Category) error {
	n, err := s.db.Collection("categories").CountDocuments(ctx, bson.M{})
	if err != nil || n > 0 {
		return err
	}
	for i, c := range cats {
		c.Position = i
		if err := s.SaveCategory(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

// SaveCategory creates or updates a category.
func (s *Store) SaveCategory(ctx context.Context, c community.Category) error {
	_, err := s.db.Collection("categories").ReplaceOne(ctx, bson.M{"_id": c.Name}, c, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("save category: %w", err)
	}
	return nil
}

// Category finds a category by its name: what a closing step asks of its
// re-check, one look-up by _id.
func (s *Store) Category(ctx context.Context, name string) (community.Category, error) {
	var c community.Category
	if err := s.db.Collection("categories").FindOne(ctx, bson.M{"_id": name}).Decode(&c); err != nil {
		return community.Category{}, fmt.Errorf("category %s: %w", name, notFound(err))
	}
	return c, nil
}

// Categories lists the categories in the order residents see them.
func (s *Store) Categories(ctx context.Context) ([]community.Category, error) {
	opts := options.Find().SetSort(bson.D{{Key: "position", Value: 1}, {Key: "_id", Value: 1}})
	cur, err := s.db.Collection("categories").Find(ctx, bson.M{}, opts)
	if err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	out := []community.Category{}
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	return out, nil
}
