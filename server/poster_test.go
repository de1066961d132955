package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gridline/poster/printtest"

	"gridline/auth"
)

// TestPosterPages: staff see posters of the communities they may see, with
// everything a poster must say; anyone else gets 404 or the login page.
func TestPosterPages(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	other := app.community("西湖社区", "南湖街道")
	off := app.community("旧村", "北山口镇")
	off.Disabled = true
	if err := app.store.UpdateCommunity(context.Background(), off); err != nil {
		t.Fatal(err)
	}
	app.user("op", auth.Operator, "北山口镇")
	op, _ := app.login("op")
	form := app.cfg.BaseURL + "/c/" + com.Code

	list := op.get("/admin/posters")
	if list.status != http.StatusOK || !strings.Contains(list.body, "春和社区") ||
		strings.Contains(list.body, "西湖社区") || strings.Contains(list.body, "旧村") {
		t.Errorf("poster list: %d, want own street's enabled communities only", list.status)
	}
	a4 := op.get("/admin/posters/" + com.Code)
	for _, want := range []string{"扫码上报 · 春和社区", "北山口镇", `/c/` + com.Code + `/qr.svg?s=p`, form,
		com.Code, app.cfg.BaseURL + "/track", "服务热线 12345", "扫码", "拍照描述", "凭查询码查看进度",
		"手机页面顶部应显示「春和社区」", "/static/", "print.css"} {
		if !strings.Contains(a4.body, want) {
			t.Errorf("A4 poster lacks %q", want)
		}
	}
	cards := op.get("/admin/posters/" + com.Code + "?kind=c")
	if n := strings.Count(cards.body, `/qr.svg?s=c"`); n != 4 {
		t.Errorf("card sheet has %d cards, want 4", n)
	}
	for _, path := range []string{"/admin/posters/" + other.Code, "/admin/posters/" + off.Code,
		"/admin/posters/" + other.Code + ".pdf", "/admin/posters/ZZZZZZ", "/admin/posters/..%2Fx"} {
		if res := op.get(path); res.status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, res.status)
		}
	}
	if res := app.browser().get("/admin/posters/" + com.Code); res.status != http.StatusSeeOther ||
		!strings.HasPrefix(res.location, "/admin/login") {
		t.Errorf("signed out: %d %s, want the login page", res.status, res.location)
	}
}

// TestPosterBatch prints a whole street or a choice, and refuses an empty
// or foreign choice with the chooser.
func TestPosterBatch(t *testing.T) {
	app := newTestApp(t)
	a := app.community("春和社区", "北山口镇")
	b := app.community("东门社区", "北山口镇")
	x := app.community("西湖社区", "南湖街道")
	app.user("op", auth.Operator, "北山口镇")
	op, _ := app.login("op")
	tests := []struct {
		name   string
		query  url.Values
		status int
		want   []string
		not    []string
	}{
		{"whole street", url.Values{"street": {"北山口镇"}}, http.StatusOK, []string{a.Code, b.Code}, []string{x.Code}},
		{"chosen", url.Values{"c": {b.Code}, "kind": {"c"}}, http.StatusOK, []string{b.Code + "/qr.svg?s=c"}, []string{a.Code}},
		{"nothing", url.Values{}, http.StatusUnprocessableEntity, []string{"请至少选择一个社区"}, nil},
		{"another street", url.Values{"c": {x.Code}, "street": {"南湖街道"}}, http.StatusUnprocessableEntity, []string{"请至少选择一个社区"}, []string{`id="c-` + x.Code}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := op.get("/admin/posters/batch?" + tt.query.Encode())
			if res.status != tt.status {
				t.Fatalf("status %d, want %d", res.status, tt.status)
			}
			for _, w := range tt.want {
				if !strings.Contains(res.body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(res.body, w) {
					t.Errorf("page shows %q", w)
				}
			}
		})
	}
}

// TestPosterPDF: the server's PDF decodes, page by page, to each community's
// form URL with the poster kind's marker.
func TestPosterPDF(t *testing.T) {
	app := newTestApp(t)
	var names []string
	codes := map[string]string{}
	for i := range 10 {
		name := fmt.Sprintf("第%02d社区", i+1)
		codes[name] = app.community(name, "北山口镇").Code
		names = append(names, name)
	}
	app.community("西湖社区", "南湖街道")
	app.user("admin", auth.Admin, "")
	admin, _ := app.login("admin")
	first := codes[names[0]]

	one := admin.get("/admin/posters/" + first + ".pdf")
	if one.status != http.StatusOK || one.header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(one.body, "%PDF-") {
		t.Fatalf("PDF: %d %s", one.status, one.header.Get("Content-Type"))
	}
	t.Logf("one A4 poster: %d bytes", len(one.body))
	printtest.SaveArtifact(t, "poster.pdf", []byte(one.body))
	if got, want := printtest.DecodeQR(t, printtest.Rasterise(t, []byte(one.body), 1, 150)), app.cfg.BaseURL+"/c/"+first+"?s=p"; got != want {
		t.Errorf("A4 PDF decodes to %q, want %q", got, want)
	}

	cards := admin.get("/admin/posters/" + first + ".pdf?kind=c")
	if got, want := printtest.DecodeQR(t, quarter(printtest.Rasterise(t, []byte(cards.body), 1, 150))), app.cfg.BaseURL+"/c/"+first+"?s=c"; got != want {
		t.Errorf("card PDF decodes to %q, want %q", got, want)
	}

	batch := admin.get("/admin/posters/batch.pdf?street=" + url.QueryEscape("北山口镇"))
	if batch.status != http.StatusOK {
		t.Fatalf("batch PDF: %d", batch.status)
	}
	t.Logf("10 A4 posters: %d bytes", len(batch.body))
	printtest.SaveArtifact(t, "batch.pdf", []byte(batch.body))
	if n := pdfPageCount(t, []byte(batch.body)); n != 10 {
		t.Fatalf("batch PDF has %d pages, want 10", n)
	}
	last := names[9] // the poster page's order: by street, then name
	if got, want := printtest.DecodeQR(t, printtest.Rasterise(t, []byte(batch.body), 10, 150)), app.cfg.BaseURL+"/c/"+codes[last]+"?s=p"; got != want {
		t.Errorf("page 10 decodes to %q, want %s's %q", got, last, want)
	}
}
