package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gridline/auth"
	"gridline/report"
)

// TestStaffOtherStreet: an operator of one street reaching another street's
// report, inbox, statistics and export by URL finds nothing.
func TestStaffOtherStreet(t *testing.T) {
	app := newTestApp(t)
	north := app.community("春和社区", "北山口镇")
	south := app.community("柳荫社区", "南河街道")
	app.user("op", auth.Operator, "北山口镇")
	app.user("south", auth.Operator, "南河街道")
	start := time.Now().Add(-time.Hour)
	r := app.reportThrough(t, north, start)
	dispatched := app.reportThrough(t, north, start, stepAccept(start, "op"),
		stepDispatchUnit(start.Add(time.Minute), time.Now().Add(time.Hour), "镇城建办"))
	own := app.reportThrough(t, south, start)
	b, csrf := app.login("south")
	notFound := staffText(t, "error.not_found.message")

	t.Run("report page", func(t *testing.T) {
		res := b.get("/admin/reports/" + r.ID)
		if res.status != http.StatusNotFound || !strings.Contains(res.body, notFound) || strings.Contains(res.body, "13812345678") {
			t.Errorf("status %d", res.status)
		}
	})
	for _, action := range []string{"accept", "reject", "note", "dispatch", "publish", "take"} {
		t.Run("action "+action, func(t *testing.T) {
			target := r
			if action == "take" {
				target = dispatched
			}
			res := b.post("/admin/reports/"+target.ID+"/"+action, url.Values{
				"csrf": {csrf}, "public": {"理由"}, "internal": {"备注"}, "unit": {"街道城管科"}, "due": {dueField(time.Now().Add(time.Hour))},
			})
			app.expectRefused(t, res, http.StatusNotFound, notFound, target)
		})
	}
	t.Run("resolve", func(t *testing.T) {
		res := resolveAs(t, b, dispatched.ID, csrf, "已处理", smallJPEG(t))
		app.expectRefused(t, res, http.StatusNotFound, notFound, dispatched)
	})
	expectOtherStreetUnlisted(t, b, north.Code, r, dispatched, own)
}

// expectOtherStreetUnlisted checks that b, an operator of the street of
// report own, finds none of the other street's community (northCode) and
// reports (r, dispatched) in the inbox, the statistics or the export.
func expectOtherStreetUnlisted(t *testing.T, b *browser, northCode string, r, dispatched, own report.Report) {
	t.Helper()
	t.Run("inbox filtered by the other street's community", func(t *testing.T) {
		res := b.get("/admin/reports?community=" + northCode)
		if ids := listedIDs(res.body); res.status != http.StatusOK || len(ids) != 0 {
			t.Errorf("status %d, listed %v", res.status, ids)
		}
		if !strings.Contains(res.body, staffText(t, "staff.total", "Count", 0)) {
			t.Error("the total is not 0")
		}
		if strings.Contains(res.body, `value="`+northCode+`"`) {
			t.Error("the other street's community is offered as a filter")
		}
	})
	t.Run("inbox searched by the other report's code", func(t *testing.T) {
		res := b.get("/admin/reports?q=" + r.ID)
		if ids := listedIDs(res.body); len(ids) != 0 {
			t.Errorf("listed %v", ids)
		}
	})
	t.Run("inbox counts", func(t *testing.T) {
		res := b.get("/admin/reports")
		if ids := listedIDs(res.body); len(ids) != 1 || ids[0] != own.ID {
			t.Errorf("listed %v, want only %s", ids, own.ID)
		}
		if got := statusCount(t, res.body, report.Submitted); got != 1 {
			t.Errorf("submitted count %d, want 1", got)
		}
	})
	t.Run("statistics", func(t *testing.T) {
		res := b.get("/admin/stats")
		if res.status != http.StatusOK || strings.Contains(res.body, "春和社区") || strings.Contains(res.body, "北山口镇") {
			t.Errorf("status %d; the other street shows: %v", res.status, strings.Contains(res.body, "春和社区"))
		}
		if !strings.Contains(res.body, "柳荫社区") {
			t.Error("the operator's own community is missing")
		}
	})
	for _, q := range []string{"", "?community=" + northCode} {
		t.Run("export"+q, func(t *testing.T) {
			res := b.get("/admin/export.csv" + q)
			if res.status != http.StatusOK {
				t.Fatalf("status %d", res.status)
			}
			for _, leak := range []string{r.ID, dispatched.ID, "春和社区", "北山口镇"} {
				if strings.Contains(res.body, leak) {
					t.Errorf("the export holds %q", leak)
				}
			}
		})
	}
}

// TestStaffReportIDs: ids that are not reports get the same 404.
func TestStaffReportIDs(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("op", auth.Operator, "北山口镇")
	r := app.reportThrough(t, com, time.Now())
	op, csrf := app.login("op")
	guessed, err := report.NewTracking()
	if err != nil {
		t.Fatal(err)
	}
	notFound := staffText(t, "error.not_found.message")
	for _, id := range []string{guessed.String(), "garbage", mistype(r.ID), "K7M2QXABPK7M2QXABP", "%00", "..%2f..%2fusers", "'%3b--"} {
		t.Run(id, func(t *testing.T) {
			res := op.get("/admin/reports/" + id)
			if res.status != http.StatusNotFound || !strings.Contains(res.body, notFound) {
				t.Errorf("GET: %d", res.status)
			}
			res = op.post("/admin/reports/"+id+"/accept", url.Values{"csrf": {csrf}})
			if res.status != http.StatusNotFound {
				t.Errorf("POST: %d", res.status)
			}
		})
	}
	t.Run("the display form in lower case finds the report", func(t *testing.T) {
		if res := op.get("/admin/reports/" + strings.ToLower(r.Tracking().Display())); res.status != http.StatusOK {
			t.Errorf("status %d", res.status)
		}
	})
}
