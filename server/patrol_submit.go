package server

import (
	"cmp"
	"errors"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"gridline/auth"
	"gridline/community"
	"gridline/report"
	"gridline/server/form"
	"gridline/store"
)

// submitPatrol files a grid worker's patrol find (巡查上报) the way a
// resident's report is stored (report_submit.go), with the worker's
// community checked on the server and the find entering the loop through
// its Patrol row: already accepted, by the worker. Whatever is refused, the
// text comes back; a community the account does not serve stores nothing,
// photos included.
func (s *Server) submitPatrol(c *gin.Context) error {
	defer s.releaseUpload(c)
	c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxBody)
	p, uploads, errs, err := form.ParsePatrol(c.Request, s.reportLimits(c, nil))
	if r := refusal(err); r.status != 0 {
		if r.retryAfter != "" {
			c.Header("Retry-After", r.retryAfter)
		}
		var again form.Errors
		if r.photosAgain && !wantsJSON(c) { // the script keeps the files
			again = form.Errors{"photos": "form.photos_again"}
		}
		return s.renderPatrol(c, r.status, p, again, r.notice)
	}
	if err != nil {
		return &pageError{status: http.StatusBadRequest, title: "error.bad_request.title",
			msg: "error.bad_request.message", text: p.Text(), back: "/admin/patrol", err: err}
	}
	for field, msg := range s.validate.Check(p) {
		errs[field] = msg
	}
	find, err := s.patrolFind(c, p, errs)
	if err != nil {
		return s.patrolFailed(c, p, err)
	}
	if _, missing := errs["community"]; !missing && !find.served(staff(c)) {
		errs["community"] = "patrol.not_served"
		return s.refusePatrol(c, http.StatusForbidden, p, errs, len(uploads) > 0)
	}
	if len(errs) > 0 {
		return s.refusePatrol(c, http.StatusUnprocessableEntity, p, errs, len(uploads) > 0)
	}
	return s.storePatrol(c, p, find, uploads)
}

// patrolFailed logs a storage failure and shows the form again, text kept,
// so the worker can press send again (the same token cannot make two
// reports).
func (s *Server) patrolFailed(c *gin.Context, p form.Patrol, err error) error {
	s.Log.ErrorContext(c, "store patrol find", "community", p.Community, "err", err)
	s.Metrics.DBErrors.Inc()
	c.Header("Retry-After", "30")
	return s.renderPatrol(c, http.StatusServiceUnavailable, p, nil, "form.save_failed")
}

// refusePatrol shows the form again with the worker's text and a note per
// field; photos chosen must be chosen again without the script, which
// keeps them.
func (s *Server) refusePatrol(c *gin.Context, status int, p form.Patrol, errs form.Errors, hadPhotos bool) error {
	if _, ok := errs["photos"]; !ok && hadPhotos && !wantsJSON(c) {
		errs["photos"] = "form.photos_again"
	}
	p.DropGeo(errs)
	notice := "form.fix_errors"
	if msg, ok := errs["token"]; ok {
		notice = msg
		p.Token, _ = newSubmitToken()
	}
	return s.renderPatrol(c, status, p, errs, notice)
}

// storePatrol stores a checked find and its photos, once per form token, and
// sends the worker on to it.
func (s *Server) storePatrol(c *gin.Context, p form.Patrol, find patrolFind, uploads []form.Upload) error {
	if prev, err := s.reports.ReportByToken(c, p.Token); err == nil {
		return s.patrolFiled(c, prev) // a double tap or a retry: the same find
	} else if !errors.Is(err, store.ErrNotFound) {
		return s.patrolFailed(c, p, err)
	}
	photos, field, err := s.processPhotos(c, uploads)
	if field != "" {
		return s.refusePatrol(c, http.StatusUnprocessableEntity, p, form.Errors{"photos": field}, false)
	}
	if err != nil {
		return s.patrolFailed(c, p, err)
	}
	ids, err := s.storePhotos(c, photos)
	if err != nil {
		return s.patrolFailed(c, p, err)
	}
	r, err := s.patrolReport(c, p, find, ids)
	if err != nil {
		s.deletePhotos(c, ids)
		return err
	}
	created, err := s.reports.CreateReport(c, r)
	if errors.Is(err, store.ErrDuplicate) {
		s.deletePhotos(c, ids) // another send of this form won
		return s.patrolFiled(c, created)
	}
	if err != nil {
		prev, ours, found := s.storedAfterAll(c, p.Token, ids)
		if ours {
			s.patrolStored(c, prev)
		}
		if found {
			return s.patrolFiled(c, prev)
		}
		return s.patrolFailed(c, p, err)
	}
	s.patrolStored(c, created)
	return s.patrolFiled(c, created)
}

// patrolStored counts and audits a find stored by this request.
func (s *Server) patrolStored(c *gin.Context, r report.Report) {
	s.Metrics.ReportsCreated.Inc()
	s.audit(c, staff(c).Username, "report.patrol", r.ID, r.Community+" "+r.Assignee)
}

// patrolFiled sends the worker to the find: its console page when the
// account may open it, or back to the form with its tracking code (a
// worker's find left for an operator to dispatch is not the worker's task).
func (s *Server) patrolFiled(c *gin.Context, r report.Report) error {
	url := "/admin/patrol?filed=" + r.ID
	if staff(c).SeesReport(r) {
		url = "/admin/reports/" + r.ID + "?done=patrol"
	}
	if wantsJSON(c) {
		return s.sentJSON(c, r.Tracking(), url)
	}
	c.Redirect(http.StatusSeeOther, url)
	return nil
}

// patrolFind is what the form's choices name: the community (as a report
// of it, for the permission check) and the category.
type patrolFind struct {
	report   report.Report
	category community.Category
}

// served reports whether u may file a find in the chosen community: one
// that exists and is open, and that the loop's Patrol row lets u serve.
func (f patrolFind) served(u auth.User) bool {
	return f.report.Community != "" && u.May(report.Patrol, f.report)
}

// patrolFind looks up the chosen community and category, adding to errs
// what is wrong with the category. An unknown or disabled community gives a
// report no account serves. Its error is the database's.
func (s *Server) patrolFind(c *gin.Context, p form.Patrol, errs form.Errors) (patrolFind, error) {
	var find patrolFind
	if code, err := community.ParseCode(p.Community); err == nil {
		com, err := s.places.Community(c, code)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return find, err
		}
		if err == nil && !com.Disabled {
			find.report = report.Report{Community: com.Code, Street: com.Street}
		}
	}
	cats, err := s.places.Categories(c)
	if err != nil {
		return find, err
	}
	i := slices.IndexFunc(cats, func(cat community.Category) bool { return cat.Name == p.Category })
	if _, ok := errs["category"]; !ok && i < 0 {
		errs["category"] = "field.category.oneof"
	}
	if i >= 0 {
		find.category = cats[i]
	}
	return find, nil
}

// patrolReport makes the find through the loop's Patrol row (report.New),
// 夜巡 when the configured night hours hold now in the centre's time zone,
// and, when its category says so and the finder is a grid worker, sends it
// straight to them with the category's deadline (a Dispatch step by the
// worker, through report.Apply like every later step).
func (s *Server) patrolReport(c *gin.Context, p form.Patrol, find patrolFind, photos []string) (report.Report, error) {
	u, now := staff(c), s.now()
	r := report.New(report.Submission{
		Community: find.report.Community, Street: find.report.Street,
		Category: p.Category, Description: p.Description, Location: p.Location, Geo: p.Geo(),
		Photos: photos, SubmitToken: p.Token,
		Source: report.FromPatrol, Actor: u.Username, Night: s.Config.Night.Contains(now.In(s.zone)),
	}, now)
	if !find.category.PatrolAssign || u.Role != auth.Worker {
		return r, nil
	}
	return report.Apply(r, report.Step{
		Action: report.Dispatch, Actor: u.Username, At: now, Assignee: u.Username,
		DueAt: now.Add(cmp.Or(find.category.Deadline, s.Config.Deadline)),
	})
}
