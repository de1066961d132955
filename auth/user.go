// Package auth says who staff are and what each may do: accounts, roles,
// password hashing and the permission checks every staff handler calls on the
// server side. It is plain Go, tested without HTTP.
package auth

import (
	"slices"
	"time"

	"gridline/report"
)

// Role is what a staff account may do.
type Role string

// The three roles (see the README's table).
const (
	Admin    Role = "admin"    // everything, including communities, categories and accounts
	Operator Role = "operator" // 城运中心: every community of their street
	Worker   Role = "worker"   // 网格员/责任单位: reports dispatched to them, in their communities
)

// Valid reports whether r is one of the three roles.
func (r Role) Valid() bool { return r == Admin || r == Operator || r == Worker }

// User is a staff account.
type User struct {
	Username    string    `bson:"_id"`
	Hash        []byte    `bson:"hash"` // bcrypt
	Role        Role      `bson:"role"`
	Street      string    `bson:"street,omitempty"`      // operators: their street
	Communities []string  `bson:"communities,omitempty"` // workers: their communities
	Disabled    bool      `bson:"disabled,omitempty"`
	CreatedAt   time.Time `bson:"created_at"`
	// SessionEpoch counts the events that end every session of the account:
	// disabling or enabling it, changing or resetting its password. A session
	// keeps the epoch it began in and works only while the two match, so
	// re-enabling an account does not revive old sessions, a login that raced
	// a reset is dead at once, and nothing needs to scan the sessions. A
	// counter, not a time, so that instances with skewed clocks agree.
	SessionEpoch int64 `bson:"session_epoch,omitempty"`
}

// Admits reports whether a session begun in epoch may still act for u.
func (u User) Admits(epoch int64) bool { return !u.Disabled && epoch == u.SessionEpoch }

// SeesCommunity reports whether u may see a community's reports and numbers.
func (u User) SeesCommunity(street, code string) bool {
	switch u.Role {
	case Admin:
		return true
	case Operator:
		return street == u.Street
	case Worker:
		return slices.Contains(u.Communities, code)
	}
	return false
}

// SeesReport reports whether u may open a report. Workers see what was
// dispatched to them, and a closed report of a community they serve while
// its re-check (回头看) is owed; everyone else sees by street.
func (u User) SeesReport(r report.Report) bool {
	if u.Role == Worker {
		return r.Assignee == u.Username || !r.RecheckDue.IsZero() && slices.Contains(u.Communities, r.Community)
	}
	return u.SeesCommunity(r.Street, r.Community)
}

// May reports whether u may take action a on report r (which u must see):
// whether u is one of the parties the loop's table lets take it (see
// report.Loop), so the table stays the one place that says who may do what.
//
// A party serving the community (a patrol find, a re-check) is judged by the
// community alone: the report is new, or closed and no longer anyone's task.
func (u User) May(a report.Action, r report.Report) bool {
	parties := report.MayDo(a)
	if !u.SeesReport(r) && !slices.Contains(parties, report.Serving) {
		return false
	}
	return slices.ContainsFunc(parties, func(w report.Who) bool { return u.is(w, r) })
}

// is reports whether u, who sees r, counts as party w for it. The resident
// and the system are never a staff account.
func (u User) is(w report.Who, r report.Report) bool {
	operates := u.Role == Admin || u.Role == Operator
	switch w {
	case report.AnyStaff:
		return u.Role.Valid()
	case report.Operators:
		return operates
	case report.Assignee:
		return u.Role == Worker && r.Assignee == u.Username
	case report.ForUnit:
		// A named unit has no accounts: the operators record its steps.
		return operates && r.Unit != ""
	case report.Serving:
		return u.SeesCommunity(r.Street, r.Community)
	}
	return false
}

// Manages reports whether u may manage communities, categories and accounts,
// and read the audit log.
func (u User) Manages() bool { return u.Role == Admin }

// CheckUser returns the message ID of what is wrong with a new account, or "".
func CheckUser(u User) string {
	switch {
	case !validUsername(u.Username):
		return "admin.username_invalid"
	case !u.Role.Valid():
		return "admin.role_invalid"
	case u.Role == Operator && u.Street == "":
		return "admin.street_required"
	case u.Role == Worker && len(u.Communities) == 0:
		return "admin.communities_required"
	}
	return ""
}

// validUsername accepts 2–32 ASCII letters, digits, dots, dashes and underscores.
func validUsername(s string) bool {
	if len(s) < 2 || len(s) > 32 {
		return false
	}
	for _, c := range []byte(s) {
		ok := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == '_'
		if !ok {
			return false
		}
	}
	return true
}
