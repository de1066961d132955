package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"gridline/report"
)

// Community is a community or village (社区/村) under a street or town (街道/镇).
// Its code is printed on posters and is the last part of its form URL.
type Community struct {
	Code      string    `bson:"_id"`
	Name      string    `bson:"name"`
	Street    string    `bson:"street"`
	Disabled  bool      `bson:"disabled,omitempty"`
	Grids     []Grid    `bson:"grids,omitempty"`
	CreatedAt time.Time `bson:"created_at"`
}

// Grid is a grid (网格) inside a community, with its grid worker (网格员).
type Grid struct {
	Name   string `bson:"name"`
	Worker string `bson:"worker,omitempty"` // a worker's username
}

// FormURL is the address of the community's report form: what its QR code encodes.
func (c Community) FormURL(baseURL string) string { return baseURL + "/c/" + c.Code }

// CreateCommunity adds a community under a fresh random code.
func (s *Store) CreateCommunity(ctx context.Context, name, street string) (Community, error) {
	for range 5 { // a clash among ~7e8 codes is rare; retry a few times
		code, err := report.NewCommunityCode()
		if err != nil {
			return Community{}, err
		}
		c := Community{Code: code, Name: name, Street: street, CreatedAt: s.Now()}
		_, err = s.db.Collection("communities").InsertOne(ctx, c)
		if mongo.IsDuplicateKeyError(err) {
			continue
		}
		if err != nil {
			return Community{}, fmt.Errorf("create community: %w", err)
		}
		return c, nil
	}
	return Community{}, fmt.Errorf("create community: no free code after 5 tries: %w", ErrDuplicate)
}

// Community finds one community by its code.
func (s *Store) Community(ctx context.Context, code string) (Community, error) {
	var c Community
	err := s.db.Collection("communities").FindOne(ctx, bson.M{"_id": code}).Decode(&c)
	if err != nil {
		return Community{}, fmt.Errorf("community %s: %w", code, notFound(err))
	}
	return c, nil
}

// Communities lists every community by street, then name, in pinyin order
// as a Chinese reader expects (the database would sort by bytes).
func (s *Store) Communities(ctx context.Context) ([]Community, error) {
	cur, err := s.db.Collection("communities").Find(ctx, bson.M{})
	if err != nil {
		return nil, fmt.Errorf("list communities: %w", err)
	}
	var out []Community
	if err := cur.All(ctx, &out); err != nil {
		return nil, fmt.Errorf("list communities: %w", err)
	}
	col := collate.New(language.Chinese) // not safe for concurrent use: one per call
	slices.SortFunc(out, func(a, b Community) int {
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
func (s *Store) FindCommunity(ctx context.Context, street, name string) (Community, error) {
	var c Community
	err := s.db.Collection("communities").FindOne(ctx, bson.M{"street": street, "name": name}).Decode(&c)
	if err != nil {
		return Community{}, fmt.Errorf("community %s/%s: %w", street, name, notFound(err))
	}
	return c, nil
}

// UpdateCommunity saves a community's name, street, state and grids.
func (s *Store) UpdateCommunity(ctx context.Context, c Community) error {
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
