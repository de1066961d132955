package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"

	"gridline/photo"
)

// The photo_meta collection keeps, for each photo staff have blurred or
// reviewed, what the public may see of it: one document per photo, read by
// _id, so a public page reads one small document per photo it shows and
// never the collection. A photo without a document was never touched: its
// upload is its public rendition, and it is unreviewed. It is not derived
// from reports, so `gridline rebuild` leaves it alone.

// PhotoState is what staff decided about one photo's public rendition.
type PhotoState struct {
	ID string `bson:"_id"`
	// Rev counts the changes, for the compare-and-set: a blur is computed
	// outside any lock, and of two staff saving at once only one wins.
	Rev int64 `bson:"rev"`
	// Rendition tags the public files (photostore.PublicName); empty means
	// the upload as is, never blurred.
	Rendition string `bson:"rendition,omitempty"`
	// Regions are every region ever blurred: the rendition is made from the
	// original with all of them.
	Regions []photo.Region `bson:"regions,omitempty"`
	// Reviewed says a staff member passed the photo for the public (先审后
	// 公开); it matters only while config.Config.PhotoReview is on.
	Reviewed bool `bson:"reviewed,omitempty"`
	// StaffOnly says the photo is never public: a resident sent it with
	// 我也遇到, for staff. It is set before any report refers to the photo.
	StaffOnly bool      `bson:"staff_only,omitempty"`
	ChangedBy string    `bson:"changed_by,omitempty"`
	ChangedAt time.Time `bson:"changed_at"`
}

// PhotoState reads a photo's state; a photo never blurred nor reviewed has
// the zero state, which is not an error.
func (s *Store) PhotoState(ctx context.Context, id string) (PhotoState, error) {
	var st PhotoState
	err := s.db.Collection("photo_meta").FindOne(ctx, bson.M{"_id": id}).Decode(&st)
	if errors.Is(err, mongo.ErrNoDocuments) {
		return PhotoState{ID: id}, nil
	}
	if err != nil {
		return PhotoState{}, fmt.Errorf("photo state %s: %w", id, err)
	}
	return st, nil
}

// SavePhotoState stores next if the photo's state is still the one whose
// Rev next carries, and returns it as stored (Rev one more, ChangedAt now);
// ErrConflict when it changed meanwhile. With a single writer it holds the
// store's lock and writes by _id, since a filter of {_id, rev} would read
// the whole collection on the embedded engine.
func (s *Store) SavePhotoState(ctx context.Context, next PhotoState) (PhotoState, error) {
	if s.opts.SingleWriter {
		s.mu.Lock()
		defer s.mu.Unlock()
	}
	was := next.Rev
	next.Rev, next.ChangedAt = was+1, s.Now()
	coll := s.db.Collection("photo_meta")
	var err error
	var matched int64 = 1
	switch {
	case was == 0:
		_, err = coll.InsertOne(ctx, next)
		if mongo.IsDuplicateKeyError(err) {
			err, matched = nil, 0
		}
	case s.opts.SingleWriter:
		cur, rerr := s.PhotoState(ctx, next.ID)
		if rerr != nil {
			return PhotoState{}, rerr
		}
		if cur.Rev != was {
			matched = 0
			break
		}
		_, err = coll.ReplaceOne(ctx, bson.M{"_id": next.ID}, next)
	default:
		var res *mongo.UpdateResult
		res, err = coll.ReplaceOne(ctx, bson.M{"_id": next.ID, "rev": was}, next)
		if err == nil {
			matched = res.MatchedCount
		}
	}
	if err != nil {
		return PhotoState{}, fmt.Errorf("save photo state %s: %w", next.ID, err)
	}
	if matched == 0 {
		return PhotoState{}, fmt.Errorf("photo state %s: %w", next.ID, ErrConflict)
	}
	return next, nil
}

// PhotoReport is the tracking code of the report a photo belongs to, from
// the photo references the orphan clean-up keeps; ErrNotFound for a photo
// no report refers to.
func (s *Store) PhotoReport(ctx context.Context, id string) (string, error) {
	var ref photoRef
	if err := s.db.Collection("photo_refs").FindOne(ctx, bson.M{"_id": id}).Decode(&ref); err != nil {
		return "", fmt.Errorf("photo reference %s: %w", id, notFound(err))
	}
	return ref.Report, nil
}
