package server

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"gridline/community"
	"gridline/report"
	"gridline/server/form"
)

// showPatrolForm is the form a grid worker on patrol files what they find
// with (巡查上报): the resident's form less the resident's contact, plus the
// community, chosen among those the account serves (preselected when there
// is one). After a find the account cannot open (a worker's, left for an
// operator to dispatch), ?filed= names its tracking code here.
func (s *Server) showPatrolForm(c *gin.Context) error {
	token, err := newSubmitToken()
	if err != nil {
		return err
	}
	return s.renderPatrol(c, http.StatusOK, form.Patrol{Report: form.Report{Token: token}}, nil, "")
}

// renderPatrol shows the patrol form with what was typed, a message per
// field and a notice, or tells the form's script the same in JSON. When the
// database cannot list the communities or categories, the form still comes
// back with the worker's text (and the community they chose), so a second
// press can send it.
func (s *Server) renderPatrol(c *gin.Context, status int, p form.Patrol, errs form.Errors, notice string) error {
	if wantsJSON(c) {
		return s.formJSON(c, status, p.Report, errs, notice)
	}
	coms, err := s.patrolCommunities(c)
	if err != nil {
		s.Log.ErrorContext(c, "list patrol communities", "err", err)
		coms = []community.Community{{Code: p.Community, Name: p.Community}}
	}
	if len(coms) == 1 && p.Community == "" {
		p.Community = coms[0].Code
	}
	cats, err := s.categoryNames(c)
	if err != nil {
		s.Log.ErrorContext(c, "list categories", "err", err)
		cats = names(s.Config.Categories)
	}
	var filed report.Tracking
	if code, err := report.ParseTracking(c.Query("filed")); err == nil && status == http.StatusOK {
		filed = code
	}
	return s.renderStaff(c, status, "admin_patrol", gin.H{
		"Communities": coms,
		"Categories":  cats,
		"Form":        p,
		"Errors":      fieldErrors(errs),
		"Notice":      notice,
		"Filed":       filed,
		"Night":       s.Config.Night,
	})
}

// patrolCommunities lists the communities the account may file a find in:
// those where the loop lets it take the Patrol step (auth decides, from the
// loop's table), less the disabled ones, whose forms residents no longer
// reach either.
func (s *Server) patrolCommunities(c *gin.Context) ([]community.Community, error) {
	all, err := s.places.Communities(c)
	if err != nil {
		return nil, err
	}
	u := staff(c)
	var out []community.Community
	for _, com := range all {
		if !com.Disabled && u.May(report.Patrol, report.Report{Community: com.Code, Street: com.Street}) {
			out = append(out, com)
		}
	}
	return out, nil
}
