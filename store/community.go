package store

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"gridline/community"
)

// CreateCommunity adds a community under a fresh random code.
func (s *Store) CreateCommunity(ctx context.Context, name, street string) (community.Community, error) {
	for range 5 { // a clash among ~7e8 codes is rare; retry a few times
		code, err := community.NewCode()
		if err != nil {
			return community.Community{}, err
		}
		c := community.Community{Code: code, Name: name, Street: street, CreatedAt: s.Now()}
		_, err = s.db.Collection("communities").InsertOne(ctx, c)
		if mongo.IsDuplicateKeyError(err) {
			continue
		}
		if err != nil {
			return community.Community{}, fmt.Errorf("create community: %w", err)
		}
		return c, nil
	}
	return community.Community{}, fmt.Errorf("create community: no free code after 5 tries: %w", ErrDuplicate)
}

// Community finds one community by its code.
func (s *Store) Community(ctx context.Context, code string) (community.Community, error) {
	var c community.Community
	err := s.db.Collection("communities").FindOne(ctx, bson.M{"_id": code}).Decode(&c)
	if err != nil {
		return community.Community{}, fmt.Errorf("community %s: %w", code, notFound(err))
	}
	return c, nil
}

// Communities lists every community by street, then name, in pinyin order
// as a Chinese reader expects (the database would sort by bytes).
func (s *Store) Communities(ctx context.Context) ([]community.Community, error) {
	cur, err := s.db.Collection("communities").Find(ctx, bson.M{})
	if err != nil {
		return nil, fmt.Errorf("list communities: %w", err)
	}
	var out []community.Community
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list communities: %w", err)
	}
	col := collate.New(language.Chinese) // not safe for concurrent use: one per call
	slices.SortFunc(out, func(a, b community.Community) int {
		if c := col.CompareString(a.Street, b.Street); c != 0 {
			return c
		}
		if c := col.CompareString(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	return out, nil
}

// FindCommunity finds a community by street and name, for idempotent seeding.
func (s *Store) FindCommunity(ctx context.Context, street, name string) (community.Community, error) {
	var c community.Community
	err := s.db.Collection("communities").FindOne(ctx, bson.M{"street": street, "name": name}).Decode(&c)
	if err != nil {
		return community.Community{}, fmt.Errorf("community %s/%s: %w", street, name, notFound(err))
	}
	return c, nil
}

// UpdateCommunity saves a community's name, street, state and grids.
func (s *Store) UpdateCommunity(ctx context.Context, c community.Community) error {
	res, err := s.db.Collection("communities").UpdateOne(ctx, bson.M{"_id": c.Code}, bson.M{"$set": bson.M{
		"name": c.Name, "street": c.Street, "disabled": c.Disabled, "grids": c.Grids,
	}})
	if err != nil {
		return fmt.Errorf("update community: %w", err)
	}
	if res.MatchedCount == 0 {
		return fmt.Errorf("community %s: %w", c.Code, ErrNotFound)
	}
	return nil
}
