package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gridline/report"
)

// openArgs are a valid request's arguments, as a city platform posts them.
func (w *openWorld) openArgs(t *testing.T) url.Values {
	t.Helper()
	return url.Values{
		"api_key": {w.key}, "service_code": {w.serviceCodes(t)["市容环境"]}, "address_id": {w.com.Code},
		"description": {"小区东门路灯不亮已经一周了"}, "first_name": {"先生"}, "last_name": {"魏"},
		"phone": {"13812345678"}, "email": {"wei@example.org"}, "media_url": {"http://127.0.0.1:1/never-fetched.jpg"},
		"lat": {"34.74661"}, "long": {"113.02593"},
	}
}

// createdID reads a posted request's answer: exactly one item holding
// exactly a service_request_id.
func createdID(t *testing.T, format string, list []map[string]any) string {
	t.Helper()
	if len(list) != 1 || len(list[0]) != 1 {
		t.Fatalf("%s answer %v, want [{service_request_id}]", format, list)
	}
	id, ok := list[0]["service_request_id"].(string)
	if !ok || id == "" {
		t.Fatalf("%s service_request_id %#v", format, list[0]["service_request_id"])
	}
	return id
}

// TestOpen311Post: a posted request becomes a report that goes round the
// same loop as the form's: submitted, in the inbox's counts, on its public
// tracking page and in GET requests; its contact stored for staff only,
// no coordinates taken, the key's use in the audit log.
func TestOpen311Post(t *testing.T) {
	w := newOpenWorld(t)
	for _, f := range openFormats {
		t.Run(f, func(t *testing.T) {
			rec := w.openPost("/open311/v2/requests."+f, w.openArgs(t))
			id := createdID(t, f, openList(t, rec, f, http.StatusCreated, "service_requests", "request"))
			r := w.reread(t, id)
			if r.Status != report.Submitted || len(r.Timeline) != 1 || r.Timeline[0].Action != report.Submit ||
				r.Category != "市容环境" || r.Community != w.com.Code || r.Street != w.com.Street || r.Description != "小区东门路灯不亮已经一周了" {
				t.Errorf("stored %+v", r)
			}
			if r.Contact != (report.Contact{Name: "魏先生", Phone: "13812345678"}) || r.Geo != nil || r.Location != "" || len(r.Photos) != 0 {
				t.Errorf("contact %+v, geo %v, location %q, photos %v", r.Contact, r.Geo, r.Location, r.Photos)
			}
			expectPage(t, w.get("/t/"+id), http.StatusOK, "小区东门路灯不亮已经一周了")
			got := openList(t, w.get("/open311/v2/requests/"+id+"."+f), f, http.StatusOK, "service_requests", "request")
			if len(got) != 1 || got[0]["status"] != "open" || got[0]["address_id"] != w.com.Code {
				t.Errorf("GET after POST: %v", got)
			}
			expectNone(t, w.get("/open311/v2/requests."+f).Body.String(), "魏先生", "13812345678", "wei@example.org", "34.74661")
		})
	}
	counts, err := w.store.CountByStatus(context.Background(), storeInbox())
	if err != nil || counts[report.Submitted] != 2 {
		t.Errorf("inbox counts %v, %v; want the 2 posted reports submitted", counts, err)
	}
	expectAudit(t, w.testApp, "apikey:city-12345 open311.create", 2)
}

// TestOpen311PostByName: address_string names the community, with its
// street when two communities share a name.
func TestOpen311PostByName(t *testing.T) {
	w := newOpenWorld(t)
	twin := w.community("春和社区", "南湖街道")
	post := func(address string) *http.Request {
		v := w.openArgs(t)
		v.Del("address_id")
		v.Set("address_string", address)
		return urlencoded("/open311/v2/requests.json", v)
	}
	for address, want := range map[string]string{"河西社区": w.other.Code, "春和社区, 北山口镇": w.com.Code, "南湖街道春和社区": twin.Code} {
		id := createdID(t, "json", openList(t, w.do(post(address)), "json", http.StatusCreated, "service_requests", "request"))
		if r := w.reread(t, id); r.Community != want {
			t.Errorf("%q went to %s, want %s", address, r.Community, want)
		}
	}
	expectOpenError(t, w.do(post("春和社区")), "json", http.StatusBadRequest, "open311.address_ambiguous")
	expectOpenError(t, w.do(post("幸福里")), "json", http.StatusBadRequest, "open311.address_unknown")
}

// TestOpen311Idempotency: the same X-Idempotency-Key from the same key
// makes one report, answered with its ID again (200 rather than 201); the
// same header from another key, or none, makes a new one.
func TestOpen311Idempotency(t *testing.T) {
	w := newOpenWorld(t)
	other := w.apiKey(t, "fms-app")
	first := w.openPost("/open311/v2/requests.json", w.openArgs(t), "X-Idempotency-Key", "req-2026-0001")
	id := createdID(t, "json", openList(t, first, "json", http.StatusCreated, "service_requests", "request"))
	again := w.openPost("/open311/v2/requests.xml", w.openArgs(t), "X-Idempotency-Key", "req-2026-0001")
	if got := createdID(t, "xml", openList(t, again, "xml", http.StatusOK, "service_requests", "request")); got != id {
		t.Errorf("a repeat made %s, want %s", got, id)
	}
	v := w.openArgs(t)
	v.Set("api_key", other)
	fromOther := createdID(t, "json", openList(t, w.openPost("/open311/v2/requests.json", v, "X-Idempotency-Key", "req-2026-0001"),
		"json", http.StatusCreated, "service_requests", "request"))
	plain := createdID(t, "json", openList(t, w.openPost("/open311/v2/requests.json", w.openArgs(t)), "json", http.StatusCreated, "service_requests", "request"))
	if fromOther == id || plain == id || plain == fromOther {
		t.Errorf("reports %s, %s, %s: want three", id, fromOther, plain)
	}
	if n := w.countReports(); n != 3 {
		t.Errorf("%d reports, want 3", n)
	}
	long := strings.Repeat("k", 201)
	expectOpenError(t, w.openPost("/open311/v2/requests.json", w.openArgs(t), "X-Idempotency-Key", long), "json",
		http.StatusBadRequest, "open311.bad_idempotency", "Max", 200)
	expectAudit(t, w.testApp, "apikey:city-12345 open311.create", 3)
}
