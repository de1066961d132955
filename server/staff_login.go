package server

import (
	"errors"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"gridline/auth"
	"gridline/server/form"
	"gridline/store"
)

// Login throttling: failures counted over a window, per account and per address.
const (
	loginWindow     = 15 * time.Minute
	maxUserFailures = 5
	maxIPFailures   = 20
)

// showLogin is the staff sign-in page.
func (s *Server) showLogin(c *gin.Context) error {
	return s.renderLogin(c, http.StatusOK, "", "")
}

func (s *Server) renderLogin(c *gin.Context, status int, username, msg string) error {
	token, err := auth.NewToken()
	if err != nil {
		return err
	}
	s.setCookie(c, loginCookie, token, 3600)
	return s.render(c, status, "login", gin.H{
		"Username": username, "Error": msg, "CSRF": token, "Next": safeNext(c.Query("next")),
	})
}

// login checks the password, within the throttle, and starts a session.
func (s *Server) login(c *gin.Context) error {
	cookie, _ := c.Cookie(loginCookie)
	username := form.CleanLine(c.PostForm("username"))
	if len(username) > 64 {
		username = username[:64]
	}
	if !s.sameOrigin(c) || !sameToken(c.PostForm("csrf"), cookie) {
		return s.renderLogin(c, http.StatusForbidden, username, "login.expired")
	}
	ip := clientKey(c) // an IPv6 /64 counts as one address
	if msg, err := s.throttled(c, username, ip); err != nil || msg != "" {
		if err != nil {
			return err
		}
		return s.renderLogin(c, http.StatusTooManyRequests, username, msg)
	}
	u, err := s.accounts.User(c, username)
	known := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if !s.Hasher.Check(u.Hash, c.PostForm("password")) || u.Disabled {
		if err := s.loginFailed(c, username, ip, known); err != nil {
			return err
		}
		return s.renderLogin(c, http.StatusUnauthorized, username, "login.failed")
	}
	if err := s.startSession(c, u); err != nil {
		return err
	}
	s.audit(c, u.Username, "login", "", "")
	c.Redirect(http.StatusSeeOther, safeNext(c.PostForm("next")))
	return nil
}

// throttled returns a message when the account or the address failed too often.
func (s *Server) throttled(c *gin.Context, username, ip string) (string, error) {
	since := s.now().Add(-loginWindow)
	n, err := s.accounts.LoginFailures(c, "user:"+username, since)
	if err != nil {
		return "", err
	}
	m, err := s.accounts.LoginFailures(c, "ip:"+ip, since)
	if err != nil {
		return "", err
	}
	if n >= maxUserFailures || m >= maxIPFailures {
		c.Header("Retry-After", "900")
		return "login.throttled", nil
	}
	return "", nil
}

// startSession signs u in on this browser, in u's current session epoch.
func (s *Server) startSession(c *gin.Context, u auth.User) error {
	token, err := auth.NewToken()
	if err != nil {
		return err
	}
	csrf, err := auth.NewToken()
	if err != nil {
		return err
	}
	now := s.now()
	sess := auth.Session{
		ID: auth.TokenID(token), Username: u.Username, CSRF: csrf,
		CreatedAt: now, ExpiresAt: now.Add(sessionTTL), Epoch: u.SessionEpoch,
	}
	if err := s.accounts.CreateSession(c, sess); err != nil {
		return err
	}
	s.clearCookie(c, loginCookie)
	s.setCookie(c, sessionCookie, token, int(sessionTTL.Seconds()))
	return nil
}

// logout ends the session on the server, not only in the browser.
func (s *Server) logout(c *gin.Context) error {
	sess := c.MustGet(sessionKey).(auth.Session)
	if err := s.accounts.DeleteSession(c, sess.ID); err != nil {
		return err
	}
	s.clearCookie(c, sessionCookie)
	s.audit(c, sess.Username, "logout", "", "")
	c.Redirect(http.StatusSeeOther, "/admin/login")
	return nil
}

// safeNext keeps a post-login redirect inside the console.
func safeNext(next string) string {
	p, _, _ := strings.Cut(next, "?")
	inside := p == "/admin" || strings.HasPrefix(p, "/admin/")
	if inside && path.Clean(p) == p && !strings.ContainsAny(next, "\\\r\n") {
		return next
	}
	return "/admin"
}

// audit records a staff action; a failure to write it is logged, not shown.
func (s *Server) audit(c *gin.Context, actor, action, target, detail string) {
	err := s.trail.Audit(c, auth.AuditEntry{Actor: actor, Action: action, Target: target, IP: c.ClientIP(), Detail: detail})
	if err != nil {
		s.Log.ErrorContext(c, "audit", "action", action, "err", err)
	}
}
