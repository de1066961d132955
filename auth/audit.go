package auth

import "time"

// AuditEntry records one staff action in the audit log: who, what, on what, when, from where.
type AuditEntry struct {
	At     time.Time `bson:"at"`
	Actor  string    `bson:"actor"`
	Action string    `bson:"action"` // login, login_failed, logout, report.accept, user.add …
	Target string    `bson:"target,omitempty"`
	IP     string    `bson:"ip,omitempty"`
	Detail string    `bson:"detail,omitempty"`
	// Seq is the entry's number in the log, from 1. Pages are cut by it, so
	// a page can be found without reading the newer ones. Entries written
	// before it was stored get it from their place in their bucket.
	Seq int64 `bson:"seq,omitempty"`
}
