package auth

import "time"

// APIKey lets one outside system (a city platform, a third-party app) file
// reports through the Open311 API. Reading that API is public; filing is
// not, so that every report that did not come through a community's form
// is traceable to the system that sent it (the audit log names the key).
//
// Only the key's SHA-256 is stored (TokenID, as for session tokens): the
// key itself is shown once when it is made, and a copy of the database
// cannot file reports. Keys are named, and a name is never reused, even
// after its key is revoked, so "apikey:NAME" in the audit log means one key.
type APIKey struct {
	Name      string    `bson:"_id"`
	Hash      string    `bson:"hash"`
	CreatedAt time.Time `bson:"created_at"`
	CreatedBy string    `bson:"created_by"` // the admin, or "(cli)"
	RevokedAt time.Time `bson:"revoked_at,omitempty"`
}

// Active reports whether the key may still be used.
func (k APIKey) Active() bool { return k.RevokedAt.IsZero() }

// Actor is how the audit log names what was done with the key.
func (k APIKey) Actor() string { return "apikey:" + k.Name }

// NewAPIKey makes a key named name, for by: the record to store and the
// key to show its holder, once. The key is 32 random bytes (base64url).
func NewAPIKey(name, by string) (APIKey, string, error) {
	secret, err := NewToken()
	if err != nil {
		return APIKey{}, "", err
	}
	return APIKey{Name: name, Hash: TokenID(secret), CreatedBy: by}, secret, nil
}

// CheckKeyName returns the message ID of what is wrong with a new key's
// name, or "": the same 2–32 letters, digits, dots, dashes and underscores
// as a username, so the audit log's actor reads plainly.
func CheckKeyName(name string) string {
	if !validUsername(name) {
		return "apikey.name_invalid"
	}
	return ""
}
