package server_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"gridline/community"
	"gridline/locale"
	"gridline/report"
)

// storeReport stores a report as staff would have left it in state st: a
// public note, an internal note, the resident's contact. It draws codes until
// one holds a 0 or a 1, so the O/I/L confusions can be typed.
func (a *testApp) storeReport(t *testing.T, c community.Community, st report.Status) report.Report {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Millisecond)
	for range 50 {
		r, err := a.store.CreateReport(context.Background(), report.Report{
			Community: c.Code, Street: c.Street, Category: "市容环境",
			Description: "3号楼东侧路灯不亮已经一周了", Location: "3号楼2单元501室",
			Contact: report.Contact{Name: "魏先生", Phone: "13812345678"},
			Status:  st,
			Timeline: []report.Event{
				{At: now, Status: report.Submitted},
				{At: now, Status: st, Actor: "operator-zhangwei",
					PublicNote: "已转交物业公司处理", InternalNote: "物业经理私人电话13900001111，勿外传"},
			},
			SubmitToken: randomToken(t), CreatedAt: now, UpdatedAt: now,
		})
		if err != nil {
			t.Fatal(err)
		}
		if strings.ContainsAny(r.ID[:8], "01") {
			return r
		}
	}
	t.Fatal("no tracking code with a 0 or a 1 in 50 draws")
	return report.Report{}
}

// confused types a code the way people misread it: lower case, O for 0,
// l for 1, spaces instead of hyphens.
func confused(code string) string {
	s := strings.NewReplacer("0", "o", "1", "l").Replace(strings.ToLower(code))
	return s[:4] + " " + s[4:8] + " " + s[8:]
}

// mistyped changes the first character of a code, which its check character
// always catches.
func mistyped(code string) string {
	first := "2"
	if code[0] == '2' {
		first = "3"
	}
	return first + code[1:]
}

func TestTrackingPage(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	r := app.storeReport(t, c, report.Accepted)
	unknown, err := report.NewTracking()
	if err != nil {
		t.Fatal(err)
	}
	display := r.Tracking().Display()
	check := message(t, locale.Chinese, "lookup.check")
	format := message(t, locale.Chinese, "lookup.format")
	notFound := message(t, locale.Chinese, "lookup.not_found")
	tests := []struct {
		name, typed string
		status      int
		want        string
	}{
		{"canonical", r.ID, http.StatusOK, "已转交物业公司处理"},
		{"display form", display, http.StatusOK, "已转交物业公司处理"},
		{"lower case", strings.ToLower(display), http.StatusOK, "已转交物业公司处理"},
		{"O, I and L confusions with spaces", confused(r.ID), http.StatusOK, "已转交物业公司处理"},
		{"full-width from a Chinese keyboard", toFullWidth(r.ID), http.StatusOK, "已转交物业公司处理"},
		{"wrong check character", mistyped(r.ID), http.StatusNotFound, check},
		{"too short", r.ID[:8], http.StatusNotFound, format},
		{"garbage", "hello", http.StatusNotFound, format},
		{"U is not in the alphabet", "UUUU-UUUU-U", http.StatusNotFound, format},
		{"very long", strings.Repeat("7", 5000), http.StatusNotFound, format},
		{"Chinese", "查询码查询码查询码", http.StatusNotFound, format},
		{"long Chinese is cut on a character", strings.Repeat("查", 45), http.StatusNotFound, format},
		{"unknown", unknown.Display(), http.StatusNotFound, notFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := app.get("/t/" + url.PathEscape(tt.typed))
			expectPage(t, rec, tt.status, tt.want)
			if !utf8.Valid(rec.Body.Bytes()) {
				t.Error("page is not valid UTF-8")
			}
			if tt.status == http.StatusOK {
				expectPublicOnly(t, rec.Body.String(), r)
			}
		})
	}
}

// expectPublicOnly checks a tracking page shows the report and nothing private.
func expectPublicOnly(t *testing.T, body string, r report.Report) {
	t.Helper()
	for _, want := range []string{r.Tracking().Display(), "已受理", "春和社区", "北山口镇", "市容环境", r.Description, "已转交物业公司处理"} {
		if !strings.Contains(body, want) {
			t.Errorf("tracking page lacks %q", want)
		}
	}
	// The building and door number name a household: staff only, as the form says.
	for _, secret := range []string{r.Contact.Name, r.Contact.Phone, r.Location, "2单元501", r.SubmitToken, "operator-zhangwei", "物业经理", "13900001111"} {
		if strings.Contains(body, secret) {
			t.Errorf("tracking page shows private %q", secret)
		}
	}
}

func TestTrackingLookup(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	r := app.storeReport(t, c, report.Accepted)
	unknown, err := report.NewTracking()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, typed string
		status      int
		want        string // a message on the page, or the redirect
	}{
		{"empty shows the form", "", http.StatusOK, message(t, locale.Chinese, "lookup.hint")},
		{"display form", r.Tracking().Display(), http.StatusSeeOther, "/t/" + r.ID},
		{"confusions", confused(r.ID), http.StatusSeeOther, "/t/" + r.ID},
		{"wrong check character", mistyped(r.ID), http.StatusUnprocessableEntity, fieldMessage(t, locale.Chinese, "code", "lookup.check")},
		{"garbage", "hello", http.StatusUnprocessableEntity, fieldMessage(t, locale.Chinese, "code", "lookup.format")},
		{"HTML", `<script>alert(1)</script>`, http.StatusUnprocessableEntity, `value="&lt;script&gt;alert(1)&lt;/script&gt;"`},
		{"long Chinese is cut on a character", strings.Repeat("查", 45), http.StatusUnprocessableEntity, fieldMessage(t, locale.Chinese, "code", "lookup.format")},
		{"invalid UTF-8", "\xff\xfe7K2M", http.StatusUnprocessableEntity, fieldMessage(t, locale.Chinese, "code", "lookup.format")},
		{"unknown", unknown.Display(), http.StatusNotFound, fieldMessage(t, locale.Chinese, "code", "lookup.not_found")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := app.get("/track?code=" + url.QueryEscape(tt.typed))
			if tt.status == http.StatusSeeOther {
				if rec.Code != tt.status || rec.Header().Get("Location") != tt.want {
					t.Fatalf("%d to %q, want %d to %q", rec.Code, rec.Header().Get("Location"), tt.status, tt.want)
				}
				return
			}
			expectPage(t, rec, tt.status, tt.want)
			body := rec.Body.String()
			if !utf8.ValidString(body) {
				t.Error("page is not valid UTF-8")
			}
			if strings.Contains(body, "<script>alert") {
				t.Error("the typed code reached the page unescaped")
			}
		})
	}
}

// TestTrackingPageAfterSubmit is what the resident sees right after sending.
func TestTrackingPageAfterSubmit(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	r := app.storeReport(t, c, report.Accepted)
	rec := app.get("/t/" + r.ID + "?new=1")
	expectPage(t, rec, http.StatusOK, message(t, locale.Chinese, "track.thanks"),
		`id="tracking-code">`+r.Tracking().Display()+"<")
	expectPublicOnly(t, rec.Body.String(), r)
}

// toFullWidth is what a Chinese input method types for ASCII.
func toFullWidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r + 0xFEE0)
	}
	return b.String()
}
