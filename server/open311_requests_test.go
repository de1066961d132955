package server_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"testing"
	"time"

	"gridline/community"
	"gridline/report"
)

// requestFields are a request's fields as the spec orders them, less
// zipcode, lat, long and service_notice, which Gridline never writes.
var requestFields = []string{
	"service_request_id", "status", "status_notes", "service_name", "service_code", "description",
	"agency_responsible", "requested_datetime", "updated_datetime", "expected_datetime",
	"address", "address_id", "media_url",
}

// w3c is the spec's date and time: ISO 8601 to the second, with the offset
// of the configured zone (Asia/Shanghai).
var w3c = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$`)

// openReport stores a report with photos in com, created at, and takes it
// through steps with report.Apply, as the console would have.
func (w *openWorld) openReport(t *testing.T, com community.Community, category string, created time.Time, photos []string, steps ...report.Step) report.Report {
	t.Helper()
	ctx := context.Background()
	created = created.UTC().Truncate(time.Millisecond)
	r, err := w.store.CreateReport(ctx, report.Report{
		Community: com.Code, Street: com.Street, Category: category, Photos: photos,
		Description: "3号楼东侧路灯不亮已经一周了", Status: report.Submitted, CreatedAt: created, UpdatedAt: created,
		Timeline:    []report.Event{{At: created, Action: report.Submit, Status: report.Submitted}},
		SubmitToken: fmt.Sprintf("open311-test-%d", staffTokens.Add(1)),
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range steps {
		st.At, st.DueAt = st.At.UTC().Truncate(time.Millisecond), st.DueAt.UTC().Truncate(time.Millisecond)
		next, err := report.Apply(r, st)
		if err != nil {
			t.Fatalf("%s: %v", st.Action, err)
		}
		if err := w.store.UpdateReport(ctx, r.Version, next); err != nil {
			t.Fatal(err)
		}
		r = next
	}
	return r
}

// at8 is t as the API writes it.
func at8(t time.Time) string { return t.In(shanghai).Format(time.RFC3339) }

// TestOpen311RequestFields: every field of a request, its name, order and
// type (a string, or null when absent) against the spec, and its value,
// for reports in each kind of state, in both formats and by both methods.
func TestOpen311RequestFields(t *testing.T) {
	w := newOpenWorld(t)
	now := time.Now().Add(-time.Hour)
	due := now.Add(48 * time.Hour)
	dispatched := w.openReport(t, w.com, "市容环境", now.Add(-time.Hour), []string{"photo0001", "photo0002"},
		report.Step{Action: report.Accept, Actor: "op", At: now.Add(-50 * time.Minute), PublicNote: "已受理，将尽快安排"},
		stepDispatch(now.Add(-40*time.Minute), due, "wangli"),
		report.Step{Action: report.Note, Actor: "op", At: now, InternalNote: "先查线路"})
	closed := w.openReport(t, w.other, "道路交通", now.Add(-3*time.Hour), nil,
		report.Step{Action: report.Reject, Actor: "op", At: now.Add(-2 * time.Hour), PublicNote: "不属于本社区"})
	fresh := w.openReport(t, w.com, "市容环境", now.Add(-2*time.Hour), nil)
	codes := w.serviceCodes(t)
	want := map[string]map[string]any{
		dispatched.ID: {"status": "open", "status_notes": "已派遣：已受理，将尽快安排", "service_name": "市容环境",
			"service_code": codes["市容环境"], "agency_responsible": "北山口镇", "address": "北山口镇 · 春和社区",
			"address_id": w.com.Code, "description": dispatched.Description, "requested_datetime": at8(dispatched.CreatedAt),
			"updated_datetime": at8(now.Add(-40 * time.Minute).UTC().Truncate(time.Millisecond)), "expected_datetime": at8(dispatched.DueAt),
			"media_url": "https://gridline.example.org/p/photo0001"},
		closed.ID: {"status": "closed", "status_notes": "不予受理：不属于本社区", "service_code": codes["道路交通"],
			"address": "南湖街道 · 河西社区", "address_id": w.other.Code, "expected_datetime": nil, "media_url": nil,
			"updated_datetime": at8(closed.Timeline[1].At)},
		fresh.ID: {"status": "open", "status_notes": "已上报", "expected_datetime": nil, "updated_datetime": at8(fresh.CreatedAt)},
	}
	for _, f := range openFormats {
		list := openList(t, w.get("/open311/v2/requests."+f), f, http.StatusOK, "service_requests", "request")
		if got := requestIDs(list); !slices.Equal(got, []string{dispatched.ID, fresh.ID, closed.ID}) {
			t.Errorf("%s: requests %v, want the newest first", f, got)
		}
		for _, id := range []string{dispatched.ID, closed.ID, fresh.ID} {
			one := openList(t, w.get("/open311/v2/requests/"+id+"."+f), f, http.StatusOK, "service_requests", "request")
			for _, got := range [][]map[string]any{one, byID(list, id)} {
				if len(got) != 1 {
					t.Fatalf("%s: %d requests %s", f, len(got), id)
				}
				expectRequest(t, f, got[0], id, want[id])
			}
		}
		if f == "xml" {
			expectXMLOrder(t, w.get("/open311/v2/requests.xml").Body.String())
		}
	}
}

// expectRequest checks one request's fields: exactly the spec's, each a
// string or null, times in W3C form with the zone's offset, and the values
// of want.
func expectRequest(t *testing.T, format string, got map[string]any, id string, want map[string]any) {
	t.Helper()
	if !sameKeys(got, requestFields) {
		t.Errorf("%s %s: fields %v, want %v", format, id, fieldNames(got), requestFields)
	}
	for name, v := range got {
		if _, ok := v.(string); !ok && v != nil {
			t.Errorf("%s %s: %s = %#v, want a string or null", format, id, name, v)
		}
		if s, ok := v.(string); ok && regexp.MustCompile(`_datetime$`).MatchString(name) && !w3c.MatchString(s) {
			t.Errorf("%s %s: %s = %q, not W3C with +08:00", format, id, name, s)
		}
	}
	if got["service_request_id"] != id {
		t.Errorf("%s: service_request_id %v, want %s", format, got["service_request_id"], id)
	}
	for name, v := range want {
		if got[name] != v {
			t.Errorf("%s %s: %s = %#v, want %#v", format, id, name, got[name], v)
		}
	}
}

// expectXMLOrder: each <request>'s elements come in the spec's order.
func expectXMLOrder(t *testing.T, body string) {
	t.Helper()
	for _, r := range parseElements(t, body).Children {
		if !slices.Equal(r.names(), requestFields) {
			t.Errorf("elements %v\nwant %v", r.names(), requestFields)
		}
	}
}

// serviceCodes reads each category's service_code from services.json.
func (w *openWorld) serviceCodes(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, svc := range openList(t, w.get("/open311/v2/services.json"), "json", http.StatusOK, "services", "service") {
		out[svc["service_name"].(string)] = svc["service_code"].(string)
	}
	return out
}

// ids lists the service_request_id of each request, in order.
func requestIDs(list []map[string]any) []string {
	out := make([]string, 0, len(list))
	for _, r := range list {
		id, _ := r["service_request_id"].(string)
		out = append(out, id)
	}
	return out
}

func byID(list []map[string]any, id string) []map[string]any {
	for _, r := range list {
		if r["service_request_id"] == id {
			return []map[string]any{r}
		}
	}
	return nil
}

func fieldNames(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
