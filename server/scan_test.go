package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"gridline/poster/printtest"

	"gridline/auth"
)

// TestScanCounting: opening the form from a poster's QR code counts one scan
// of that kind and sends the phone on to the plain address; the statistics
// show scans and the scans → reports conversion.
func TestScanCounting(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("op", auth.Operator, "北山口镇")
	op, _ := app.login("op")
	resident := app.browser()

	for _, tt := range []struct {
		query    string
		redirect bool
	}{
		{"?s=p", true}, {"?s=p", true}, {"?s=p", true}, {"?s=c", true},
		{"", false}, {"?s=x", false}, {"?s=", false},
	} {
		res := resident.get("/c/" + com.Code + tt.query)
		switch {
		case tt.redirect && (res.status != http.StatusSeeOther || res.location != "/c/"+com.Code):
			t.Errorf("%s: %d → %q, want 303 to the plain form", tt.query, res.status, res.location)
		case !tt.redirect && res.status != http.StatusOK:
			t.Errorf("%s: %d, want the form", tt.query, res.status)
		}
	}
	submitAs(t, resident, com.Code, nil)

	// Columns 10 and 11: scans, scans → reports.
	row := statsRow(t, op, "春和社区")
	if row[10] != "4" || row[11] != "25.0%" {
		t.Errorf("stats scans %q, conversion %q; want 4 and 25.0%% (row %v)", row[10], row[11], row)
	}
	if list := op.get("/admin/posters"); !strings.Contains(list.body, "海报3次，卡片1次") {
		t.Error("the poster list does not show this month's scans by kind")
	}
}

// TestScanNotCountedFromOtherSites: an <img> or a link on another site
// pointing at a poster's marked address is sent on to the form like any
// visit, but counts no scan; a scanner's visit (Fetch Metadata: a document
// opened by the person) and a browser sending no such headers do.
func TestScanNotCountedFromOtherSites(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	app.user("op", auth.Operator, "北山口镇")
	op, _ := app.login("op")
	for _, h := range []map[string]string{
		{"Sec-Fetch-Dest": "image", "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors"},
		{"Sec-Fetch-Dest": "document", "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"},
		{"Sec-Fetch-Dest": "iframe", "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"},
		{"Sec-Fetch-Dest": "document", "Sec-Fetch-Site": "none", "Sec-Fetch-Mode": "navigate"}, // counted
		{}, // counted
	} {
		req := httptest.NewRequest(http.MethodGet, "/c/"+com.Code+"?s=p", nil)
		for k, v := range h {
			req.Header.Set(k, v)
		}
		if rec := app.do(req); rec.Code != http.StatusSeeOther {
			t.Errorf("%v: status %d, want 303 to the form", h, rec.Code)
		}
	}
	if row := statsRow(t, op, "春和社区"); row[10] != "2" {
		t.Errorf("scans %q, want the 2 opened by hand (row %v)", row[10], row)
	}
}

// TestQRImageMarker: the QR images a poster page uses encode the marker.
func TestQRImageMarker(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	form := app.cfg.BaseURL + "/c/" + com.Code
	for query, want := range map[string]string{"": form, "?s=p": form + "?s=p", "?s=c": form + "?s=c", "?s=zz": form} {
		rec := app.get("/c/" + com.Code + "/qr.png" + query)
		if rec.Code != http.StatusOK {
			t.Fatalf("qr.png%s: %d", query, rec.Code)
		}
		if got := printtest.DecodeQR(t, printtest.PNG(t, rec.Body.Bytes())); got != want {
			t.Errorf("qr.png%s decodes to %q, want %q", query, got, want)
		}
	}
}
