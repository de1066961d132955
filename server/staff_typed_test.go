package server_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gridline/auth"
)

// TestRefusedActionKeepsWhatWasTyped: a refused staff action shows the report
// page again with the typed text in its form, as a refused resident form does.
func TestRefusedActionKeepsWhatWasTyped(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("op", auth.Operator, "北山口镇")
	op, csrf := app.login("op")
	r := app.reportThrough(t, com, time.Now().Add(-time.Hour))

	long := strings.Repeat("理由", 251) // 502 runes, over the 500 allowed
	res := op.post("/admin/reports/"+r.ID+"/reject", url.Values{"csrf": {csrf}, "public": {long}})
	if res.status != http.StatusUnprocessableEntity {
		t.Fatalf("overlong reason: want 422, got %d", res.status)
	}
	if !strings.Contains(res.body, `name="public" rows="2" maxlength="500" required>`+long+`</textarea>`) {
		t.Error("the reject form lost the reason that was typed")
	}

	res = op.post("/admin/reports/"+r.ID+"/note", url.Values{"csrf": {csrf}, "internal": {strings.Repeat("备", 1001)}})
	if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, strings.Repeat("备", 1001)+"</textarea>") {
		t.Errorf("overlong note: status %d, typed text kept: %v", res.status, strings.Contains(res.body, strings.Repeat("备", 1001)))
	}
}
