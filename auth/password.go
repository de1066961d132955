package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"
)

// ErrWeakPassword is returned for a password too short to keep.
var ErrWeakPassword = errors.New("auth: password must be 10 to 72 bytes")

// Hasher hashes passwords with bcrypt at a fixed cost.
type Hasher struct {
	cost  int
	dummy []byte // checked against when the account does not exist
}

// NewHasher returns a hasher; cost is bcrypt.DefaultCost outside tests.
func NewHasher(cost int) (Hasher, error) {
	dummy, err := bcrypt.GenerateFromPassword([]byte("no such account"), cost)
	if err != nil {
		return Hasher{}, fmt.Errorf("hash password: %w", err)
	}
	return Hasher{cost: cost, dummy: dummy}, nil
}

// Hash hashes a password after checking its length.
func (h Hasher) Hash(password string) ([]byte, error) {
	if utf8.RuneCountInString(password) < 10 || len(password) > 72 {
		return nil, ErrWeakPassword
	}
	b, err := bcrypt.GenerateFromPassword([]byte(password), h.cost)
	if err != nil {
		return nil, fmt.Errorf("hash password: %w", err)
	}
	return b, nil
}

// Check reports whether password matches hash. A missing account is checked
// against a dummy hash so both cases take the same time, and never matches.
func (h Hasher) Check(hash []byte, password string) bool {
	if len(hash) == 0 {
		_ = bcrypt.CompareHashAndPassword(h.dummy, []byte(password))
		return false
	}
	return bcrypt.CompareHashAndPassword(hash, []byte(password)) == nil
}

// NewPassword makes a random password for an account created without one.
func NewPassword() (string, error) {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// NewToken makes a random secret for a session cookie or a CSRF token.
func NewToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// TokenID is what is stored for a session token: its SHA-256, so a copy of
// the database does not hand out live sessions.
func TokenID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}
