package server_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"gridline/community"
)

// TestOpen311ShowsNothingPrivate: every answer of the API that shows a
// report, for a report with every private field filled with text that
// cannot turn up by chance (secretReport, public_leak_test.go), in both
// formats, holds none of it: not the contact, household, coordinates, form
// token, staff names, notes, assignee or unit, nor the grid's worker; nor
// what a client posted for staff only.
func TestOpen311ShowsNothingPrivate(t *testing.T) {
	w := newOpenWorld(t)
	ctx := context.Background()
	w.com.Grids = []community.Grid{{Name: "第七网格东片", Worker: "gridworker-zhou-88"}}
	if err := w.store.UpdateCommunity(ctx, w.com); err != nil {
		t.Fatal(err)
	}
	r, err := w.store.CreateReport(ctx, secretReport(t, w.com))
	if err != nil {
		t.Fatal(err)
	}
	secrets := secretsOf(t, r, w.com)
	posted := w.openArgs(t)
	posted.Set("first_name", "私密名字")
	posted.Set("last_name", "欧阳")
	posted.Set("phone", "13700001234")
	posted.Set("email", "private-mail@example.org")
	secrets = append(secrets, "私密名字", "欧阳私密名字", "13700001234", "private-mail@example.org", w.key)
	for _, f := range openFormats {
		answers := map[string]string{
			"one":          w.get("/open311/v2/requests/" + r.ID + "." + f).Body.String(),
			"list":         w.get("/open311/v2/requests." + f).Body.String(),
			"by id":        w.get("/open311/v2/requests." + f + "?service_request_id=" + r.ID).Body.String(),
			"closed":       w.get("/open311/v2/requests." + f + "?status=closed&service_code=" + w.serviceCodes(t)["市容环境"]).Body.String(),
			"posted":       w.openPost("/open311/v2/requests."+f, posted, "X-Idempotency-Key", "leak-"+f).Body.String(),
			"posted again": w.openPost("/open311/v2/requests."+f, posted, "X-Idempotency-Key", "leak-"+f).Body.String(),
			"services":     w.get("/open311/v2/services." + f).Body.String(),
			"discovery":    w.get("/open311/v2/discovery." + f).Body.String(),
		}
		for name, body := range answers {
			t.Run(f+" "+name, func(t *testing.T) { expectNone(t, body, secrets...) })
		}
		if list := openList(t, w.get("/open311/v2/requests."+f+"?"+url.Values{"service_request_id": {r.ID}}.Encode()), f,
			http.StatusOK, "service_requests", "request"); len(list) != 1 || list[0]["status_notes"] != "已评价：谢谢，很及时" {
			t.Errorf("%s: the secret report is shown as %v", f, list)
		}
	}
	list := openList(t, w.get("/open311/v2/requests.json"), "json", http.StatusOK, "service_requests", "request")
	for _, req := range list {
		if req["service_request_id"] == r.ID {
			return
		}
	}
	t.Errorf("the secret report is not in the list: the test checked nothing")
}
