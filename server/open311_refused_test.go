package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"gridline/store"
)

// openRefusal is a posted request the API must refuse: how to spoil the
// valid arguments, and the status and message expected.
type openRefusal struct {
	name   string
	spoil  func(v url.Values)
	status int
	id     string
	args   []any
}

func openRefusals(w *openWorld, revoked string) []openRefusal {
	set := func(k, val string) func(url.Values) { return func(v url.Values) { v.Set(k, val) } }
	del := func(keys ...string) func(url.Values) {
		return func(v url.Values) {
			for _, k := range keys {
				v.Del(k)
			}
		}
	}
	field := func(param, msg string) []any {
		return []any{"Field", param, "Message", catalogMessage(w.t, "zh-CN", msg)}
	}
	return []openRefusal{
		{"no key", del("api_key"), http.StatusForbidden, "open311.key_missing", nil},
		{"a wrong key", set("api_key", w.key+"x"), http.StatusForbidden, "open311.key_invalid", nil},
		{"a revoked key", set("api_key", revoked), http.StatusForbidden, "open311.key_invalid", nil},
		{"no service_code", del("service_code"), http.StatusBadRequest, "open311.service_code_missing", nil},
		{"an unknown service_code", set("service_code", "00000000"), http.StatusNotFound, "open311.service_not_found", nil},
		{"no place", del("address_id", "lat", "long"), http.StatusBadRequest, "open311.address_missing", nil},
		{"coordinates alone", del("address_id"), http.StatusBadRequest, "open311.address_missing", nil},
		{"an unknown community", set("address_id", "ZZZZZZ"), http.StatusBadRequest, "open311.address_unknown", nil},
		{"a malformed community", set("address_id", "../x"), http.StatusBadRequest, "open311.address_unknown", nil},
		{"a short description", set("description", "灯坏"), http.StatusBadRequest, "open311.field", field("description", "field.description.min")},
		{"no description", del("description"), http.StatusBadRequest, "open311.field", field("description", "field.description.required")},
		{"a long description", set("description", strings.Repeat("灯", 1001)), http.StatusBadRequest, "open311.field", field("description", "field.description.max")},
		{"a bad phone", set("phone", "110"), http.StatusBadRequest, "open311.field", field("phone", "field.phone.mobile")},
		{"a long name", set("first_name", strings.Repeat("名", 31)), http.StatusBadRequest, "open311.field", field("first_name/last_name", "field.name.max")},
	}
}

// TestOpen311PostRefused: each bad request is refused in the spec's shape
// with its status, in both formats, and stores nothing; a refusal with a
// valid key is in the audit log, as the key.
func TestOpen311PostRefused(t *testing.T) {
	w := newOpenWorld(t)
	revoked := w.apiKey(t, "gone")
	if _, err := w.store.RevokeAPIKey(context.Background(), "gone"); err != nil {
		t.Fatal(err)
	}
	disabled := w.community("停用社区", "北山口镇")
	disabled.Disabled = true
	if err := w.store.UpdateCommunity(context.Background(), disabled); err != nil {
		t.Fatal(err)
	}
	refusals := append(openRefusals(w, revoked),
		openRefusal{"a disabled community", func(v url.Values) { v.Set("address_id", disabled.Code) }, http.StatusBadRequest, "open311.address_unknown", nil})
	for _, f := range openFormats {
		for _, tc := range refusals {
			t.Run(f+" "+tc.name, func(t *testing.T) {
				v := w.openArgs(t)
				tc.spoil(v)
				expectOpenError(t, w.openPost("/open311/v2/requests."+f, v), f, tc.status, tc.id, tc.args...)
			})
		}
		req := urlencoded("/open311/v2/requests."+f, w.openArgs(t))
		req.Header.Set("Content-Type", "application/json")
		expectOpenError(t, w.do(req), f, http.StatusBadRequest, "open311.form_expected")
	}
	if n := w.countReports(); n != 0 {
		t.Errorf("%d reports stored by refused requests", n)
	}
	// Refusals with a valid key: all but the three of a missing, wrong or
	// revoked key, in each format.
	expectAudit(t, w.testApp, "apikey:city-12345 open311.refused", 2*(len(refusals)-3))
}

// TestOpen311RateLimits: over GRIDLINE_RATE_KEY posted requests a minute
// from one key, or from one address, the API answers 429 with Retry-After
// in the spec's shape; reading is limited per address like look-ups.
func TestOpen311RateLimits(t *testing.T) {
	app := newTestAppWith(t, map[string]string{"GRIDLINE_RATE_KEY": "2", "GRIDLINE_RATE_LOOKUP": "3", "GRIDLINE_RATE_SUBMIT": "0"})
	w := newOpenWorldWith(t, app)
	args := w.openArgs(t) // reads services.json: the first look-up
	for i := range 2 {
		if rec := w.openPost("/open311/v2/requests.json", args); rec.Code != http.StatusCreated {
			t.Fatalf("post %d: %d %s", i, rec.Code, rec.Body)
		}
	}
	rec := w.openPost("/open311/v2/requests.xml", args)
	expectOpenError(t, rec, "xml", http.StatusTooManyRequests, "open311.too_many")
	if rec.Header().Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	// Another key from another address is not held back by the first.
	v := w.openArgs(t)
	v.Set("api_key", w.apiKey(t, "fms-app"))
	req := urlencoded("/open311/v2/requests.json", v)
	req.RemoteAddr = "198.51.100.7:4000"
	if rec := w.do(req); rec.Code != http.StatusCreated {
		t.Errorf("another key and address: %d %s", rec.Code, rec.Body)
	}
	// The same new key, again and again from fresh addresses: its own limit.
	for i, want := range []int{http.StatusCreated, http.StatusTooManyRequests} {
		req := urlencoded("/open311/v2/requests.json", v)
		req.RemoteAddr = "203.0.113." + string(rune('1'+i)) + ":4000"
		if rec := w.do(req); rec.Code != want {
			t.Errorf("key fms-app, request %d: %d, want %d", i+2, rec.Code, want)
		}
	}
	for i, want := range []int{http.StatusOK, http.StatusOK, http.StatusOK, http.StatusTooManyRequests} {
		req := httptest.NewRequest(http.MethodGet, "/open311/v2/requests.json", nil)
		req.RemoteAddr = "192.0.2.99:4000"
		if rec := w.do(req); rec.Code != want {
			t.Errorf("read %d: %d, want %d", i+1, rec.Code, want)
		}
	}
}

// storeInbox is the inbox of everything, for counts.
func storeInbox() store.Inbox { return store.Inbox{} }

// expectAudit checks the audit log holds n entries of an actor and action
// ("apikey:NAME open311.create").
func expectAudit(t *testing.T, app *testApp, actorAction string, n int) {
	t.Helper()
	entries, err := app.store.AuditEntries(context.Background(), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	got := 0
	for _, e := range entries {
		if e.Actor+" "+e.Action == actorAction {
			got++
		}
	}
	if got != n {
		t.Errorf("%d audit entries %q, want %d", got, actorAction, n)
	}
}
