package auth

import "time"

// Session is a signed-in staff member. Its ID is the SHA-256 of the cookie's
// secret; it lives in MongoDB so every instance shares it and logout ends it.
type Session struct {
	ID        string    `bson:"_id"`
	Username  string    `bson:"username"`
	CSRF      string    `bson:"csrf"` // the token every staff form must carry
	CreatedAt time.Time `bson:"created_at"`
	ExpiresAt time.Time `bson:"expires_at"`
	// Epoch is the account's session epoch when the session began; see
	// User.SessionEpoch for why a session is checked against it.
	Epoch int64 `bson:"epoch,omitempty"`
}
