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
func ValidID(id string) bool { return len(id) == idLen && lowerHex(id) }

// lowerHex reports whether s is only the digits NewID and NewTag draw.
func lowerHex(s string) bool {
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// FullName and ThumbName are the stored names of a photo's two sizes as
// uploaded, which staff always see.
func FullName(id string) string  { return id + ".jpg" }
func ThumbName(id string) string { return id + ".thumb.jpg" }

// A photo whose faces or plates staff blurred has a public rendition beside
// the original, named by a tag drawn for each blur: a new tag is a new name,
// so a blur never overwrites the files another is reading or writing (two
// staff at once each write their own, and the loser removes only its own),
// and the tag is also what makes the public URL new.

// tagLen is the length of a rendition's tag: 32 random bits in hex, enough
// to tell apart the few renditions one photo ever has.
const tagLen = 8

// NewTag draws the tag of a new public rendition.
func NewTag() (string, error) {
	b := make([]byte, tagLen/2)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// ValidTag reports whether tag has the exact shape NewTag makes.
func ValidTag(tag string) bool { return len(tag) == tagLen && lowerHex(tag) }

// PublicName and PublicThumbName are the stored names of a photo's public
// rendition with the tag, full size and thumbnail.
func PublicName(id, tag string) string      { return id + ".pub-" + tag + ".jpg" }
func PublicThumbName(id, tag string) string { return id + ".pub-" + tag + ".thumb.jpg" }

// validName accepts exactly the names FullName, ThumbName, PublicName and
// PublicThumbName make.
func validName(name string) bool {
	if len(name) < idLen || !ValidID(name[:idLen]) {
		return false
	}
	switch rest := name[idLen:]; {
	case rest == ".jpg", rest == ".thumb.jpg":
		return true
	case len(rest) == len(".pub-.jpg")+tagLen && rest[:5] == ".pub-" && rest[5+tagLen:] == ".jpg",
		len(rest) == len(".pub-.thumb.jpg")+tagLen && rest[:5] == ".pub-" && rest[5+tagLen:] == ".thumb.jpg":
		return ValidTag(rest[5 : 5+tagLen])
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
