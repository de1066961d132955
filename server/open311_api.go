package server

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"net/http"
	"path"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"gridline/server/open311"
	"gridline/store"
)

// The Open311 GeoReport v2 API (issue 13; the routes are in routes.go, under
// /open311/v2). Each resource answers in the format its URL's extension
// names; its handlers have the console's shape, bind → check → store →
// answer, and return an error that openAPI writes in the spec's shape:
//
//	[{"code": 400, "description": "…"}]     <errors><error><code>400</code><description>…
//
// with the spec's statuses: 400 for a request that cannot be met, 403 for
// a missing or bad api_key, 404 for what is not there, 429 over a rate
// limit, 503 while the database is away. Descriptions are for the person
// using the client, in the request's language (Chinese unless
// Accept-Language asks for English), from the catalog.

const openFormatKey = "open311_format"

// openError is an Open311 failure: its status and one message per thing
// wrong (catalog IDs with their placeholder arguments), plus the cause for
// the log.
type openError struct {
	status int
	msgs   []openMsg
	err    error
}

type openMsg struct {
	id   string
	args []any
}

func (e *openError) Error() string {
	if e.err != nil {
		return e.err.Error()
	}
	return fmt.Sprintf("open311: %d %s", e.status, e.msgs[0].id)
}

func (e *openError) Unwrap() error { return e.err }

// apiError is a failure with one message.
func apiError(status int, id string, args ...any) *openError {
	return &openError{status: status, msgs: []openMsg{{id: id, args: args}}}
}

// openAPI adapts an Open311 handler: it settles the format from the path's
// extension (a resource without .xml or .json is not there) and writes the
// handler's error, the one place the API's errors are written.
func (s *Server) openAPI(h func(*gin.Context) error) gin.HandlerFunc {
	return func(c *gin.Context) {
		_, f, ok := open311.Split(path.Base(c.Request.URL.Path))
		c.Set(openFormatKey, f)
		err := apiError(http.StatusNotFound, "open311.not_found")
		if ok {
			err = nil
			if herr := h(c); herr != nil {
				err = s.openFailure(c, herr)
			}
		}
		if err != nil {
			s.writeOpenError(c, err)
			c.Abort() // an answer is written: no handler after this one runs
		}
	}
}

// openFailure classifies an error as the console's handle does: the
// handler's own refusal as it is, a database that cannot be reached as 503
// with Retry-After, anything else as 500, logged once.
func (s *Server) openFailure(c *gin.Context, err error) *openError {
	var oe *openError
	switch {
	case errors.As(err, &oe):
		return oe
	case store.Unavailable(err):
		s.Metrics.DBErrors.Inc()
		c.Header("Retry-After", "30")
		oe = apiError(http.StatusServiceUnavailable, "open311.unavailable")
	default:
		oe = apiError(http.StatusInternalServerError, "open311.server_error")
	}
	s.Log.ErrorContext(c, "request failed", "method", c.Request.Method, "route", c.FullPath(), "status", oe.status, "err", err)
	return oe
}

// writeOpenError writes e's messages, in the request's language.
func (s *Server) writeOpenError(c *gin.Context, e *openError) {
	doc := make(open311.Errors, 0, len(e.msgs))
	for _, m := range e.msgs {
		text, err := s.catalog.T(language(c), m.id, m.args...)
		if err != nil {
			s.Log.ErrorContext(c, "open311 error message", "id", m.id, "err", err)
			text = m.id
		}
		doc = append(doc, open311.Error{Code: e.status, Description: text})
	}
	s.answer(c, e.status, doc)
}

// answer writes an Open311 document in the request's format, whole or not
// at all: an encoding error becomes a clean 500.
func (s *Server) answer(c *gin.Context, status int, doc any) {
	f := c.MustGet(openFormatKey).(open311.Format)
	var buf bytes.Buffer
	if err := open311.Write(&buf, f, doc); err != nil {
		s.Log.ErrorContext(c, "write open311 answer", "route", c.FullPath(), "err", err)
		c.String(http.StatusInternalServerError, "500 internal server error")
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(status, f.ContentType(), buf.Bytes())
}

// openLimit is the per-address limit of ratelimit.go for the API: over it,
// 429 with Retry-After, in the spec's shape rather than as a page.
func (s *Server) openLimit(l *limiter) gin.HandlerFunc {
	return s.openAPI(func(c *gin.Context) error {
		if s.limited(c, l) {
			return apiError(http.StatusTooManyRequests, "open311.too_many")
		}
		c.Next()
		return nil
	})
}

// keyLimited reports whether the key has made more requests than its
// limit allows; like limited, it sets Retry-After and counts the refusal.
func (s *Server) keyLimited(c *gin.Context, name string) bool {
	ok, wait := s.apiKeys.allow(name, time.Now())
	if ok {
		return false
	}
	c.Header("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	s.Metrics.RateLimited.WithLabelValues(s.apiKeys.name).Inc()
	return true
}
