package server

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"gridline/auth"
	"gridline/store"
)

const (
	sessionCookie = "gridline_session"
	loginCookie   = "gridline_login" // the login form's CSRF token, before there is a session
	sessionTTL    = 12 * time.Hour
	userKey       = "user"
	sessionKey    = "session"
)

// requireStaff lets a request through only with a live session of an enabled
// account; everyone else goes to the login page.
func (s *Server) requireStaff(c *gin.Context) {
	sess, u, err := s.currentStaff(c)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			s.Log.ErrorContext(c, "load session", "err", err)
		}
		s.clearCookie(c, sessionCookie)
		if c.Request.Method == http.MethodGet {
			c.Redirect(http.StatusSeeOther, "/admin/login?next="+url.QueryEscape(c.Request.URL.RequestURI()))
		} else {
			_ = s.forbidden(c, "error.session.message")
		}
		c.Abort()
		return
	}
	c.Set(sessionKey, sess)
	c.Set(userKey, u)
	c.Next()
}

// currentStaff loads the request's session and its account, two look-ups by _id.
func (s *Server) currentStaff(c *gin.Context) (auth.Session, auth.User, error) {
	token, err := c.Cookie(sessionCookie)
	if err != nil || token == "" {
		return auth.Session{}, auth.User{}, store.ErrNotFound
	}
	sess, err := s.accounts.Session(c, auth.TokenID(token))
	if err != nil {
		return auth.Session{}, auth.User{}, err
	}
	u, err := s.accounts.User(c, sess.Username)
	if err != nil {
		return auth.Session{}, auth.User{}, err
	}
	// The account's own document says whether the session still counts
	// (disabled, or begun before a password change): no scan of sessions.
	if !u.Admits(sess.Epoch) {
		return auth.Session{}, auth.User{}, store.ErrNotFound
	}
	return sess, u, nil
}

// checkCSRF refuses a state-changing staff request whose form token does not
// match the session's, or that comes from another site.
func (s *Server) checkCSRF(c *gin.Context) {
	if c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead {
		c.Next()
		return
	}
	sess := c.MustGet(sessionKey).(auth.Session)
	if !s.sameOrigin(c) || !sameToken(csrfField(c), sess.CSRF) {
		s.Log.WarnContext(c, "csrf check failed", "route", c.FullPath(), "user", sess.Username)
		_ = s.forbidden(c, "error.csrf.message")
		c.Abort()
		return
	}
	c.Next()
}

// csrfField reads the token from the form (multipart forms are read by the
// handler later, so the token also travels in the query string there).
func csrfField(c *gin.Context) string {
	if v := c.Query("csrf"); v != "" {
		return v
	}
	if strings.HasPrefix(c.ContentType(), "multipart/") {
		return ""
	}
	return c.PostForm("csrf")
}

// sameOrigin rejects requests whose Origin or Referer names another site.
func (s *Server) sameOrigin(c *gin.Context) bool {
	origin := c.GetHeader("Origin")
	if origin == "" {
		origin = c.GetHeader("Referer")
	}
	if origin == "" {
		return true // old browsers send neither; the token still protects
	}
	u, err := url.Parse(origin)
	if err != nil {
		return false
	}
	base, _ := url.Parse(s.Config.BaseURL)
	return u.Host == c.Request.Host || (base != nil && u.Host == base.Host)
}

func sameToken(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

func (s *Server) setCookie(c *gin.Context, name, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.Config.Secure(), SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearCookie(c *gin.Context, name string) { s.setCookie(c, name, "", -1) }

// staff is the signed-in account of a request behind requireStaff.
func staff(c *gin.Context) auth.User { return c.MustGet(userKey).(auth.User) }

// csrfToken is the token the signed-in staff's forms carry.
func csrfToken(c *gin.Context) string { return c.MustGet(sessionKey).(auth.Session).CSRF }

// forbidden refuses a staff request with a message: an error page, or the
// message alone for a form's script (staff_report_json.go).
func (s *Server) forbidden(c *gin.Context, msg string) error {
	if wantsJSON(c) {
		return s.noticeJSON(c, http.StatusForbidden, msg)
	}
	return s.render(c, http.StatusForbidden, "error", gin.H{
		"Title": "error.forbidden.title", "Message": msg, "Back": "/admin",
	})
}
