package server_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"gridline/auth"
)

// TestExportFollowsTheLanguage: the CSV's header and labels come from the
// catalogs, in the language the staff member chose.
func TestExportFollowsTheLanguage(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("op", auth.Operator, "北山口镇")
	op, _ := app.login("op")
	app.reportThrough(t, com, time.Now().Add(-time.Hour))

	for _, tc := range []struct{ lang, header, status string }{
		{"zh-CN", "\ufeff跟踪码,街道,社区", "已上报"},
		{"en", "\ufeffTracking code,Street,Community", "Submitted"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			res := op.get("/admin/export.csv?lang=" + tc.lang)
			if res.status != http.StatusOK {
				t.Fatalf("export: %d", res.status)
			}
			if !strings.HasPrefix(res.body, tc.header) {
				t.Errorf("header starts %q, want %q", res.body[:min(40, len(res.body))], tc.header)
			}
			if !strings.Contains(res.body, ","+tc.status+",") {
				t.Errorf("the state is not written as %q", tc.status)
			}
		})
	}
}
