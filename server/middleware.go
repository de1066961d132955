package server

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
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
	if choice != "" && s.catalog.Match(choice, "") == choice {
		http.SetCookie(c.Writer, &http.Cookie{
			Name: langKey, Value: choice, Path: "/", MaxAge: 365 * 24 * 3600,
			HttpOnly: true, Secure: s.Config.Secure(), SameSite: http.SameSiteLaxMode,
		})
	} else if ck, err := c.Cookie(langKey); err == nil {
		choice = ck
	}
	c.Set(langKey, s.catalog.Match(choice, c.GetHeader("Accept-Language")))
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

// maxFormBody bounds the body of every POST but the upload routes: their
// forms are a few fields of text.
const maxFormBody = 64 << 10

// isUploadRoute names the routes whose POST may carry photos, a multipart
// body up to maxBody that their handlers bound. Every other POST is a small
// urlencoded form: a new route is small until it is named here.
func isUploadRoute(pattern string) bool {
	return pattern == "/c/:code" || pattern == "/c/:code/join" || pattern == "/admin/reports/:id/resolve" || pattern == "/admin/reports/:id/recheck" || pattern == "/admin/patrol"
}

// limitBody bounds request bodies before any handler, or gin's form
// binding, reads them. Every body must keep arriving (watchBody). Outside
// the upload routes a multipart body is refused, since gin would spill its
// parts over 32 MB to temporary files, and the body is read here, at most
// maxFormBody, so no handler can read more.
func (s *Server) limitBody(c *gin.Context) {
	if c.Request.Method != http.MethodPost || c.FullPath() == "" {
		c.Next() // unmatched routes never read the body
		return
	}
	s.watchBody(c)
	if isUploadRoute(c.FullPath()) {
		c.Next()
		return
	}
	if err := readSmallBody(c); err != nil {
		s.handle(func(*gin.Context) error { return err })(c)
		c.Abort()
		return
	}
	c.Next()
}

// readSmallBody reads a small form's body into memory, or says why not.
func readSmallBody(c *gin.Context) error {
	tooLarge := &pageError{status: http.StatusRequestEntityTooLarge, title: "limits.body_too_large.title", msg: "limits.body_too_large.message"}
	if c.Request.ContentLength > maxFormBody {
		return tooLarge // refused unread
	}
	if strings.HasPrefix(strings.ToLower(strings.TrimSpace(c.GetHeader("Content-Type"))), "multipart/") {
		return &pageError{status: http.StatusUnsupportedMediaType, title: "limits.multipart.title", msg: "limits.multipart.message"}
	}
	b, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxFormBody))
	switch {
	case errors.As(err, new(*http.MaxBytesError)):
		return tooLarge
	case errors.Is(err, errStalled):
		return &pageError{status: http.StatusRequestTimeout, title: "limits.slow.title", msg: "limits.slow.message", err: err}
	case err != nil:
		return &pageError{status: http.StatusBadRequest, title: "error.bad_request.title", msg: "error.bad_request.message", err: err}
	}
	c.Request.Body = io.NopCloser(bytes.NewReader(b))
	return nil
}

// errStalled means a request body stopped arriving (see watchBody).
var errStalled = errors.New("server: request body arrives too slowly")

// watchBody cuts a body that brings less than Config.BodyMinRate KB/s in a
// window of Config.BodyStall (the first is the grace to start; each next one
// begins when the last one's share has come): a stalled upload loses its
// slot within one window instead of holding it for the whole read timeout.
// A minimum rate rather than a deadline per part: a part may be a 15 MB photo
// from a slow phone, and a per-part deadline long enough for it would let a
// stall hold its slot as long; a rate never cuts an upload that keeps moving.
// It moves the connection's read deadline, so the blocked read itself ends;
// without one (httptest's recorder) it does nothing.
func (s *Server) watchBody(c *gin.Context) {
	if s.Config.BodyMinRate <= 0 || c.Request.Body == nil || c.Request.Body == http.NoBody {
		return
	}
	w := &bodyWatch{body: c.Request.Body, rc: http.NewResponseController(c.Writer), window: s.Config.BodyStall,
		share: int64(float64(s.Config.BodyMinRate<<10) * s.Config.BodyStall.Seconds())}
	if srv, ok := c.Request.Context().Value(http.ServerContextKey).(*http.Server); ok && srv.ReadTimeout > 0 {
		w.limit = time.Now().Add(srv.ReadTimeout)
	}
	c.Request.Body = w
	c.Set(bodyWatchKey, w)
}

const bodyWatchKey = "body_watch"

// restartBodyWatch starts a new window after the handler waited (for an
// upload slot) without reading: the wait is not the sender's slowness.
func restartBodyWatch(c *gin.Context) {
	v, _ := c.Get(bodyWatchKey)
	if w, ok := v.(*bodyWatch); ok && w.armed && !w.off {
		w.got = 0
		_ = w.extend()
	}
}

// bodyWatch is a request body that must bring share bytes in every window.
type bodyWatch struct {
	body   io.ReadCloser
	rc     *http.ResponseController
	window time.Duration
	share  int64
	limit  time.Time // the server's own read deadline, never passed; zero for none
	got    int64     // bytes in the current window
	armed  bool
	off    bool // the connection has no read deadline to move
}

func (w *bodyWatch) Read(p []byte) (int, error) {
	if !w.armed { // the window starts with the first read, not while waiting for a slot
		w.armed = true
		w.off = w.extend() != nil
	}
	n, err := w.body.Read(p)
	if w.off {
		return n, err
	}
	w.got += int64(n)
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		return n, errStalled
	case err == io.EOF: // all read: the server's own deadline again, for its
		// background read while the handler works
		_ = w.rc.SetReadDeadline(w.limit)
	case w.got >= w.share:
		w.got = 0
		_ = w.extend()
	}
	return n, err
}

// extend gives the body one more window, within the server's read deadline.
func (w *bodyWatch) extend() error {
	d := time.Now().Add(w.window)
	if !w.limit.IsZero() && w.limit.Before(d) {
		d = w.limit
	}
	return w.rc.SetReadDeadline(d)
}

func (w *bodyWatch) Close() error { return w.body.Close() }
