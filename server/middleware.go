package server

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"gridline/locale"
)

const langKey = "lang"

// recoverPanic turns a panic into a logged 500 instead of a dropped connection.
func (s *Server) recoverPanic(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v) // a handler cutting the connection on purpose
			}
			s.Log.ErrorContext(c, "panic", "route", c.FullPath(), "panic", v)
			c.AbortWithStatus(http.StatusInternalServerError)
		}
	}()
	c.Next()
}

// logRequest writes one structured line per request. It logs the route
// pattern, not the path, so tracking codes stay out of the logs.
func (s *Server) logRequest(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched" // never a raw path: bounded label values
	}
	s.Metrics.Requests.WithLabelValues(route, c.Request.Method, strconv.Itoa(c.Writer.Status())).Inc()
	s.Metrics.Latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
	s.Log.InfoContext(c, "request",
		"method", c.Request.Method, "route", c.FullPath(), "status", c.Writer.Status(),
		"bytes", c.Writer.Size(), "ms", time.Since(start).Milliseconds())
}

// secureHeaders sets the headers every response carries.
func (s *Server) secureHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:; script-src 'self'; "+
		"style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("X-Frame-Options", "DENY")
	if s.Config.Secure() {
		h.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
	c.Next()
}

// chooseLanguage picks the page language: ?lang= (remembered in a cookie),
// then the cookie, then Accept-Language, then Chinese.
func (s *Server) chooseLanguage(c *gin.Context) {
	choice := c.Query("lang")
	if choice != "" && s.Catalog.Match(choice, "") == choice {
		http.SetCookie(c.Writer, &http.Cookie{
			Name: langKey, Value: choice, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, Secure: s.Config.Secure(), SameSite: http.SameSiteLaxMode,
		})
	} else if ck, err := c.Cookie(langKey); err == nil {
		choice = ck
	}
	c.Set(langKey, s.Catalog.Match(choice, c.GetHeader("Accept-Language")))
	c.Next()
}

// language is the request's language, as chosen by chooseLanguage.
func language(c *gin.Context) string {
	if l := c.GetString(langKey); l != "" {
		return l
	}
	return locale.Chinese
}

// otherLanguage returns the language to offer and a link to this page in it.
func otherLanguage(c *gin.Context) (string, string) {
	other := locale.English
	if language(c) == locale.English {
		other = locale.Chinese
	}
	q := url.Values{}
	if c.Request.Method == http.MethodGet {
		q = c.Request.URL.Query()
	}
	q.Set(langKey, other)
	path := c.Request.URL.Path
	if c.FullPath() == "" { // unknown routes: never echo a path such as //evil.example
		path = "/"
	}
	return other, path + "?" + q.Encode()
}
