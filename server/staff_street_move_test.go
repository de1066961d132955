package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gridline/auth"
)

// TestCommunityMovedToAnotherStreet: an admin moves a community to another
// street. Its reports go with it: the new street's operator opens, lists,
// exports and acts on them; the old street's operator no longer can, though
// the reports still carry the old street from when they were made.
func TestCommunityMovedToAnotherStreet(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("admin", auth.Admin, "")
	app.user("north", auth.Operator, "北山口镇")
	app.user("south", auth.Operator, "南河街道")
	start := time.Now().Add(-time.Hour)
	r := app.reportThrough(t, com, start)
	if r.Street != "北山口镇" {
		t.Fatalf("the report was made in %q", r.Street)
	}

	admin, csrf := app.login("admin")
	res := admin.post("/admin/communities/"+com.Code, url.Values{"csrf": {csrf}, "name": {com.Name}, "street": {"南河街道"}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("moving the community: status %d", res.status)
	}

	north, northCSRF := app.login("north")
	south, southCSRF := app.login("south")
	notFound := staffText(t, "error.not_found.message")
	if res := north.get("/admin/reports/" + r.ID); res.status != http.StatusNotFound {
		t.Errorf("the old street's operator opens the report: status %d", res.status)
	}
	res = north.post("/admin/reports/"+r.ID+"/accept", url.Values{"csrf": {northCSRF}})
	app.expectRefused(t, res, http.StatusNotFound, notFound, r)
	if ids := listedIDs(north.get("/admin/reports").body); len(ids) != 0 {
		t.Errorf("the old street's inbox lists %v", ids)
	}
	if body := north.get("/admin/export.csv").body; strings.Contains(body, r.ID) {
		t.Error("the old street's export has the report, with the resident's contact")
	}

	if res := south.get("/admin/reports/" + r.ID); res.status != http.StatusOK {
		t.Errorf("the new street's operator cannot open the report: status %d", res.status)
	}
	if ids := listedIDs(south.get("/admin/reports").body); len(ids) != 1 || ids[0] != r.ID {
		t.Errorf("the new street's inbox lists %v, want [%s]", ids, r.ID)
	}
	if body := south.get("/admin/export.csv").body; !strings.Contains(body, r.ID) || !strings.Contains(body, "南河街道") {
		t.Error("the new street's export lacks the report or names the old street")
	}
	res = south.post("/admin/reports/"+r.ID+"/accept", url.Values{"csrf": {southCSRF}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("the new street's operator cannot accept it: status %d", res.status)
	}
	if got := app.reread(t, r.ID); got.Status != "accepted" || got.Street != "南河街道" {
		t.Errorf("after the accept: status %s, street %q", got.Status, got.Street)
	}
}
