package server

import (
	"time"

	"github.com/gin-gonic/gin"
)

// Failed logins for a name that is no account are the attacker's to make up,
// as many as they like, so the audit log does not take them one by one: that
// would let anyone push the staff's real actions off its first pages. It
// records one "login_unknown" entry per address per hour, at most
// maxUnknownAudited an hour from all addresses together, with no actor and
// without the typed name (people type passwords into the username field, and
// an invented name can be made to look like a real one). Every failure still
// counts towards the per-address throttle.
const (
	unknownLoginWindow = time.Hour
	maxUnknownAudited  = 10
	unknownAuditedKey  = "unknown:audited" // no address is "audited"
)

// loginFailed counts a failed login for the throttle and writes it to the
// audit log: under the account's name when it exists, by address otherwise.
func (s *Server) loginFailed(c *gin.Context, username, ip string, known bool) error {
	keys := []string{"user:" + username, "ip:" + ip}
	if known {
		if err := s.accounts.RecordLoginFailure(c, keys...); err != nil {
			return err
		}
		s.audit(c, username, "login_failed", "", "")
		return nil
	}
	record, err := s.auditsUnknownLogin(c, ip)
	if err != nil {
		return err
	}
	keys = append(keys, "unknown:"+ip)
	if record {
		keys = append(keys, unknownAuditedKey)
	}
	if err := s.accounts.RecordLoginFailure(c, keys...); err != nil {
		return err
	}
	if record {
		s.audit(c, "", "login_unknown", "", "")
	}
	return nil
}

// auditsUnknownLogin reports whether a failed login for an unknown name from
// ip goes into the audit log: the address's first this hour, while the hour
// has room. Two look-ups by _id in the throttle's counts.
func (s *Server) auditsUnknownLogin(c *gin.Context, ip string) (bool, error) {
	since := s.now().Truncate(unknownLoginWindow)
	fromHere, err := s.accounts.LoginFailures(c, "unknown:"+ip, since)
	if err != nil || fromHere > 0 {
		return false, err
	}
	audited, err := s.accounts.LoginFailures(c, unknownAuditedKey, since)
	return audited < maxUnknownAudited, err
}
