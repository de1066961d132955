package server

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"mime"
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"gridline/auth"
	"gridline/community"
	"gridline/server/form"
	"gridline/server/open311"
	"gridline/store"
)

// maxIdempotencyKey bounds the X-Idempotency-Key header a client may send.
const maxIdempotencyKey = 200

// postRequest is POST requests: a report filed by an outside system with
// its API key, for a service (category) and a community, checked by the
// resident form's rules and made by the loop's Submit row as the form's
// reports are. Every use of a valid key is in the audit log, as the key.
func (s *Server) postRequest(c *gin.Context) error {
	key, err := s.openKey(c)
	if err != nil {
		return err
	}
	if s.keyLimited(c, key.Name) {
		return apiError(http.StatusTooManyRequests, "open311.too_many")
	}
	id, repeat, err := s.fileRequest(c, key)
	if err != nil {
		oe := s.openFailure(c, err)
		if oe.status < 500 {
			s.audit(c, key.Actor(), "open311.refused", "", strconv.Itoa(oe.status)+" "+oe.msgs[0].id)
		}
		return oe
	}
	status, detail := http.StatusCreated, "new"
	if repeat {
		status, detail = http.StatusOK, "repeat" // the same X-Idempotency-Key again
	}
	s.audit(c, key.Actor(), "open311.create", id, detail)
	s.answer(c, status, open311.CreatedList{{ID: id}})
	return nil
}

// openKey is the active key the api_key argument holds, or a 403.
func (s *Server) openKey(c *gin.Context) (auth.APIKey, error) {
	if mt, _, _ := mime.ParseMediaType(c.ContentType()); mt != "application/x-www-form-urlencoded" {
		return auth.APIKey{}, apiError(http.StatusBadRequest, "open311.form_expected")
	}
	secret := c.PostForm("api_key")
	if secret == "" {
		return auth.APIKey{}, apiError(http.StatusForbidden, "open311.key_missing")
	}
	k, err := s.keys.APIKeyByHash(c, auth.TokenID(secret))
	if errors.Is(err, store.ErrNotFound) || err == nil && !k.Active() {
		return auth.APIKey{}, apiError(http.StatusForbidden, "open311.key_invalid")
	}
	return k, err
}

// fileRequest checks the posted request and stores its report once per
// submission token; repeat says the token had its report already.
func (s *Server) fileRequest(c *gin.Context, key auth.APIKey) (id string, repeat bool, err error) {
	com, err := s.openCommunity(c)
	if err != nil {
		return "", false, err
	}
	f, err := s.openForm(c, key)
	if err != nil {
		return "", false, err
	}
	if prev, err := s.reports.ReportByToken(c, f.Token); err == nil {
		return prev.ID, true, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return "", false, err
	}
	created, err := s.reports.CreateReport(c, s.newReport(com, f, nil))
	if errors.Is(err, store.ErrDuplicate) {
		return created.ID, true, nil // the same key at the same time: one report
	}
	if err != nil {
		return "", false, err
	}
	s.Metrics.ReportsCreated.Inc()
	return created.ID, false, nil
}

// openForm puts the posted request into the resident's form and checks it
// with the form's own rules: the category from service_code, the
// description, the contact (staff only). media_url is never fetched, and
// coordinates are not taken: a report's place is its community.
func (s *Server) openForm(c *gin.Context, key auth.APIKey) (form.Report, error) {
	code := c.PostForm("service_code")
	if code == "" {
		return form.Report{}, apiError(http.StatusBadRequest, "open311.service_code_missing")
	}
	cats, err := s.places.Categories(c)
	if err != nil {
		return form.Report{}, err
	}
	cat, ok := categoryOfCode(cats, code)
	if !ok {
		return form.Report{}, apiError(http.StatusNotFound, "open311.service_not_found")
	}
	token, err := s.openToken(c, key)
	if err != nil {
		return form.Report{}, err
	}
	f := form.ReportOf(map[string]string{
		"token": token, "category": cat.Name, "description": c.PostForm("description"),
		"name":  fullName(form.CleanLine(c.PostForm("first_name")), form.CleanLine(c.PostForm("last_name"))),
		"phone": c.PostForm("phone"),
	})
	errs := s.validate.Check(f)
	if err := s.checkReport(c, f, errs); err != nil {
		return form.Report{}, err
	}
	if len(errs) > 0 {
		return form.Report{}, s.openFieldErrors(c, errs)
	}
	return f, nil
}

// openToken is the submission token of the posted request. With an
// X-Idempotency-Key it is derived from the key's name and that header, so
// the same request sent again (a retry after a lost answer) finds the
// report the first one made, as a form sent twice does; without one, each
// request is new.
func (s *Server) openToken(c *gin.Context, key auth.APIKey) (string, error) {
	idem := c.GetHeader("X-Idempotency-Key")
	if idem == "" {
		return newSubmitToken()
	}
	if len(idem) > maxIdempotencyKey || !utf8.ValidString(idem) {
		return "", apiError(http.StatusBadRequest, "open311.bad_idempotency", "Max", maxIdempotencyKey)
	}
	sum := sha256.Sum256([]byte("open311\x00" + key.Name + "\x00" + idem))
	return hex.EncodeToString(sum[:16]), nil
}

// openCommunity is the community the request is for: address_id is its
// code; address_string names it (and may name its street too).
func (s *Server) openCommunity(c *gin.Context) (community.Community, error) {
	unknown := apiError(http.StatusBadRequest, "open311.address_unknown")
	if typed := c.PostForm("address_id"); typed != "" {
		code, err := community.ParseCode(typed)
		if err != nil {
			return community.Community{}, unknown
		}
		com, err := s.places.Community(c, code)
		if errors.Is(err, store.ErrNotFound) || err == nil && com.Disabled {
			return community.Community{}, unknown
		}
		return com, err
	}
	typed := form.CleanLine(c.PostForm("address_string"))
	if typed == "" {
		return community.Community{}, apiError(http.StatusBadRequest, "open311.address_missing")
	}
	coms, err := s.places.Communities(c)
	if err != nil {
		return community.Community{}, err
	}
	switch found := communitiesNamed(coms, typed); len(found) {
	case 0:
		return community.Community{}, unknown
	case 1:
		return found[0], nil
	}
	return community.Community{}, apiError(http.StatusBadRequest, "open311.address_ambiguous")
}
