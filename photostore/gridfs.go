package photostore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"
)

// GridFS stores photos in a MongoDB GridFS bucket named "photos", the file's
// _id being its name.
type GridFS struct{ bucket *mongo.GridFSBucket }

// NewGridFS returns a store in db's "photos" bucket.
func NewGridFS(db *mongo.Database) *GridFS {
	return &GridFS{bucket: db.GridFSBucket(options.GridFSBucket().SetName("photos"))}
}

// Put uploads one photo.
func (g *GridFS) Put(ctx context.Context, name string, data []byte) error {
	if !validName(name) {
		return errInvalidName
	}
	if err := g.bucket.UploadFromStreamWithID(ctx, name, name, bytes.NewReader(data)); err != nil {
		return fmt.Errorf("store photo in GridFS: %w", err)
	}
	return nil
}

// Get downloads one photo.
func (g *GridFS) Get(ctx context.Context, name string) ([]byte, error) {
	if !validName(name) {
		return nil, ErrNotFound
	}
	var buf bytes.Buffer
	_, err := g.bucket.DownloadToStream(ctx, name, &buf)
	if errors.Is(err, mongo.ErrFileNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("read photo from GridFS: %w", err)
	}
	return buf.Bytes(), nil
}

// Delete removes a photo; deleting a missing photo is not an error.
func (g *GridFS) Delete(ctx context.Context, name string) error {
	if !validName(name) {
		return errInvalidName
	}
	err := g.bucket.Delete(ctx, name)
	if err != nil && !errors.Is(err, mongo.ErrFileNotFound) {
		return fmt.Errorf("delete photo from GridFS: %w", err)
	}
	return nil
}

// List names the photos uploaded in [from, before). On the embedded engine
// this filter reads all of fs.files: the directory store is its default.
func (g *GridFS) List(ctx context.Context, from, before time.Time) ([]string, error) {
	cur, err := g.bucket.Find(ctx, bson.M{"uploadDate": bson.M{"$gte": from, "$lt": before}})
	if err != nil {
		return nil, fmt.Errorf("list photos in GridFS: %w", err)
	}
	var files []struct {
		ID string `bson:"_id"`
	}
	if err := cur.All(ctx, &files); err != nil {
		return nil, fmt.Errorf("list photos in GridFS: %w", err)
	}
	out := make([]string, 0, len(files))
	for _, f := range files {
		out = append(out, f.ID)
	}
	return out, nil
}
