// Package photostore keeps the re-encoded photo files: in a directory under the
// data directory (the default) or in MongoDB GridFS, so that several server
// instances can share them.
//
// Names are chosen by NewID and checked by ValidID before any file-system or
// database call, so a name can never walk out of the store ("../").
package photostore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"
)

// ErrNotFound is returned when no photo has the name.
var ErrNotFound = errors.New("photostore: photo not found")

// errInvalidName is returned for a name ValidID rejects.
var errInvalidName = errors.New("photostore: invalid photo name")

// Store keeps photo files by name.
type Store interface {
	Put(ctx context.Context, name string, data []byte) error
	Get(ctx context.Context, name string) ([]byte, error)
	Delete(ctx context.Context, name string) error
	// List names the photos stored in [from, before), for the orphan
	// clean-up, which looks at each photo once.
	List(ctx context.Context, from, before time.Time) ([]string, error)
}

// idLen is the length of a photo ID: 128 random bits in hex, so IDs cannot be guessed.
const idLen = 32

// NewID draws a random photo ID.
func NewID() (string, error) {
	b := make([]byte, idLen/2)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// ValidID reports whether id has the exact shape NewID makes.
func ValidID(id string) bool {
	if len(id) != idLen {
		return false
	}
	for _, c := range []byte(id) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// FullName and ThumbName are the stored names of a photo's two sizes.
func FullName(id string) string  { return id + ".jpg" }
func ThumbName(id string) string { return id + ".thumb.jpg" }

// validName accepts exactly the names FullName and ThumbName make.
func validName(name string) bool {
	switch {
	case len(name) == idLen+len(".jpg"):
		return ValidID(name[:idLen]) && name[idLen:] == ".jpg"
	case len(name) == idLen+len(".thumb.jpg"):
		return ValidID(name[:idLen]) && name[idLen:] == ".thumb.jpg"
	}
	return false
}

// IDOf returns the photo ID a stored name belongs to, or "" for a name the
// store did not make.
func IDOf(name string) string {
	if !validName(name) {
		return ""
	}
	return name[:idLen]
}
