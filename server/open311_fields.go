package server

import (
	"net/http"
	"slices"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"

	"gridline/community"
	"gridline/server/form"
)

// openParams names each field of the resident's form by the Open311
// argument it was filled from, for the messages of a refused request.
var openParams = map[string]string{
	"category": "service_code", "description": "description", "name": "first_name/last_name",
	"phone": "phone", "token": "X-Idempotency-Key",
}

// openFieldErrors is a 400 with one message per field the form's rules
// refused, naming the argument and saying what the form would say.
func (s *Server) openFieldErrors(c *gin.Context, errs form.Errors) error {
	fields := make([]string, 0, len(errs))
	for field := range errs {
		fields = append(fields, field)
	}
	slices.Sort(fields)
	e := &openError{status: http.StatusBadRequest}
	for _, field := range fields {
		text, err := s.catalog.T(language(c), errs[field])
		if err != nil {
			return err
		}
		param := openParams[field]
		if param == "" {
			param = field
		}
		e.msgs = append(e.msgs, openMsg{"open311.field", []any{"Field", param, "Message", text}})
	}
	return e
}

// communitiesNamed are the communities in use that typed names: its name is
// in typed, and when several are, those whose street is in typed too.
func communitiesNamed(coms []community.Community, typed string) []community.Community {
	var named, onStreet []community.Community
	for _, c := range coms {
		if c.Disabled || !strings.Contains(typed, c.Name) {
			continue
		}
		named = append(named, c)
		if strings.Contains(typed, c.Street) {
			onStreet = append(onStreet, c)
		}
	}
	if len(named) > 1 && len(onStreet) > 0 {
		return onStreet
	}
	return named
}

// fullName joins a given and a family name as the person would write it:
// family name first, without a space, for a Chinese name; given name first
// otherwise.
func fullName(first, last string) string {
	han := func(s string) bool {
		return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
	}
	if han(first) || han(last) {
		return last + first
	}
	return strings.TrimSpace(first + " " + last)
}
