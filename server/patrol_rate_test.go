package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gridline/report"
)

// TestPatrolFindIsNotRatedByThePublic: a resolved patrol find has no
// resident to ask, so its tracking page offers no rating and a rating
// posted anyway is refused; the find stays resolved, to close itself.
func TestPatrolFindIsNotRatedByThePublic(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	now := time.Now().UTC().Truncate(time.Millisecond)
	r, err := app.store.CreateReport(t.Context(), report.New(report.Submission{
		Community: com.Code, Street: com.Street, Category: "市容环境", Description: "消防通道堵塞",
		SubmitToken: "patrol-rate-test", Source: report.FromPatrol, Actor: "wangli",
	}, now.Add(-2*time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range []report.Step{stepDispatch(now.Add(-time.Hour), now.Add(time.Hour), "wangli"), stepResolve(now.Add(-time.Minute), "wangli")} {
		next, err := report.Apply(r, st)
		if err != nil {
			t.Fatal(err)
		}
		if err := app.store.UpdateReport(t.Context(), r.Version, next); err != nil {
			t.Fatal(err)
		}
		r = next
	}
	if body := app.get("/t/" + r.ID).Body.String(); strings.Contains(body, `action="/t/`+r.ID+`/rate"`) {
		t.Error("the tracking page of a patrol find offers the rating form")
	}
	rec := app.do(urlencoded("/t/"+r.ID+"/rate", url.Values{"rating": {string(report.Unsatisfied)}}))
	if rec.Code != http.StatusConflict {
		t.Errorf("rating a patrol find: status %d, want 409", rec.Code)
	}
	if got := app.reread(t, r.ID); got.Status != report.Resolved || got.Rating != "" {
		t.Errorf("after a refused rating: %s, rating %q", got.Status, got.Rating)
	}
}
