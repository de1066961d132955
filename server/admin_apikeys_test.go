package server_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"gridline/auth"
	"gridline/locale"
)

// newKeyShown reads the key a page shows once.
var newKeyShown = regexp.MustCompile(`id="new-key">([A-Za-z0-9_-]{43})<`)

// TestAdminAPIKeys: an admin makes a key in the console and sees it once;
// the key files a report; the list names it but never shows it again; a
// revoke ends it; bad names are refused with the name kept; all of it in
// the audit log as the admin, the key's use as the key.
func TestAdminAPIKeys(t *testing.T) {
	app, root, csrf := adminApp(t)
	w := &openWorld{testApp: app, com: app.community("春和社区", "北山口镇")}
	if res := root.get("/admin/apikeys"); res.status != http.StatusOK || !strings.Contains(res.body, staffText(t, "apikey.none")) ||
		!strings.Contains(res.body, `href="/admin/apikeys"`) {
		t.Fatalf("empty list: %d %q", res.status, noticeOf(res.body))
	}
	res := root.post("/admin/apikeys", url.Values{"csrf": {csrf}, "name": {"city-12345"}})
	m := newKeyShown.FindStringSubmatch(res.body)
	if res.status != http.StatusOK || m == nil || res.header.Get("Cache-Control") != "no-store" {
		t.Fatalf("add: %d, key shown: %v, Cache-Control %q", res.status, m != nil, res.header.Get("Cache-Control"))
	}
	w.key = m[1]
	list := root.get("/admin/apikeys")
	if strings.Contains(list.body, w.key) || !strings.Contains(list.body, "city-12345") || !strings.Contains(list.body, staffText(t, "apikey.active")) {
		t.Errorf("the list shows the key again, or not its name and state")
	}
	if rec := w.openPost("/open311/v2/requests.json", w.openArgs(t)); rec.Code != http.StatusCreated {
		t.Fatalf("the console's key files no report: %d %s", rec.Code, rec.Body)
	}
	for _, tc := range []struct{ name, msg string }{{"city-12345", "apikey.exists"}, {"城运 平台", "apikey.name_invalid"}, {"x", "apikey.name_invalid"}} {
		res := root.post("/admin/apikeys", url.Values{"csrf": {csrf}, "name": {tc.name}})
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, staffText(t, tc.msg)) ||
			!strings.Contains(res.body, `value="`+escapedText(t, tc.name)+`"`) || newKeyShown.MatchString(res.body) {
			t.Errorf("%q: %d %q", tc.name, res.status, noticeOf(res.body))
		}
	}
	if res := root.post("/admin/apikeys/city-12345/revoke", url.Values{"csrf": {csrf}}); res.status != http.StatusSeeOther || res.location != "/admin/apikeys" {
		t.Fatalf("revoke: %d %q", res.status, res.location)
	}
	expectOpenError(t, w.openPost("/open311/v2/requests.json", w.openArgs(t)), "json", http.StatusForbidden, "open311.key_invalid")
	if res := root.post("/admin/apikeys/nobody/revoke", url.Values{"csrf": {csrf}}); res.status != http.StatusNotFound {
		t.Errorf("revoking no key: %d", res.status)
	}
	if res := root.post("/admin/apikeys", url.Values{"name": {"no-csrf"}}); res.status != http.StatusForbidden {
		t.Errorf("without the CSRF token: %d", res.status)
	}
	expectAudit(t, app, "root apikey.add", 1)
	expectAudit(t, app, "root apikey.revoke", 1)
	expectAudit(t, app, "apikey:city-12345 open311.create", 1)
	if keys, err := app.store.APIKeys(t.Context()); err != nil || len(keys) != 1 || keys[0].Active() || keys[0].CreatedBy != "root" {
		t.Errorf("keys %+v, %v", keys, err)
	}
}

// TestAPIKeysPageLanguages: the page renders in both languages, a revoked
// key without a revoke button; only admins see it.
func TestAPIKeysPageLanguages(t *testing.T) {
	app, root, _ := adminApp(t)
	app.apiKey(t, "fms-app")
	if _, err := app.store.RevokeAPIKey(t.Context(), "fms-app"); err != nil {
		t.Fatal(err)
	}
	app.user("op", auth.Operator, "北山口镇")
	for _, lang := range locale.Langs() {
		res := root.get("/admin/apikeys?lang=" + lang)
		if res.status != http.StatusOK || !strings.Contains(res.body, `<html lang="`+lang+`">`) ||
			!strings.Contains(res.body, message(t, lang, "staff.apikeys")) || !strings.Contains(res.body, "fms-app") {
			t.Errorf("%s: %d %q", lang, res.status, noticeOf(res.body))
		}
		if strings.Contains(res.body, "/admin/apikeys/fms-app/revoke") {
			t.Errorf("%s: a revoked key offers a revoke", lang)
		}
	}
	op, _ := app.login("op")
	if res := op.get("/admin/apikeys"); res.status != http.StatusNotFound {
		t.Errorf("an operator sees the key page: %d", res.status)
	}
}
