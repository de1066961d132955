package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"gridline/community"
	"gridline/locale"
	"gridline/report"
)

// secretReport is a closed, published report with every private field filled
// with something that cannot turn up on a page by chance.
func secretReport(t *testing.T, com community.Community) report.Report {
	t.Helper()
	at := time.Now().UTC().Add(-3 * time.Hour).Truncate(time.Millisecond)
	after := func(n int) time.Time { return at.Add(time.Duration(n) * time.Minute) }
	op, worker, unit := "op-zhang-wei-31", "worker-liu-yang-52", "城东第三养护中队"
	return report.Report{
		Community: com.Code, Street: com.Street, Category: "市容环境",
		Description: "东侧路灯不亮已经一周了", Location: "幸福里7栋1402室",
		Geo:         &report.GeoPoint{Lat: 34.74661, Lng: 113.02593, Accuracy: 23.75},
		Contact:     report.Contact{Name: "魏先生", Phone: "13812345678"},
		SubmitToken: "submit-token-9f3e1c7a5b", Status: report.Closed,
		Assignee: worker, Unit: unit, DueAt: after(600), Reopens: 1, Published: true,
		Reply: "路灯已更换为节能灯", AfterPhotos: []string{"resultphoto7"},
		Rating: report.Satisfied, Comment: "谢谢，很及时",
		Joined: 1, Joiners: []report.Joiner{{At: after(30), Token: "join-token-4d2b8e61", Note: "我住3单元502，门口灯也坏了", Photos: []string{"joinerphoto9"}}},
		Timeline: []report.Event{
			{At: at, Action: report.Submit, Status: report.Submitted},
			{At: after(1), Action: report.Accept, Status: report.Accepted, Actor: op, PublicNote: "已受理，将尽快安排"},
			{At: after(2), Action: report.Note, Status: report.Accepted, Actor: op, InternalNote: "物业经理私人电话13900001111"},
			{At: after(3), Action: report.Dispatch, Status: report.Dispatched, Actor: op, Assignee: worker, Unit: unit, InternalNote: "先查线路老化"},
			{At: after(4), Action: report.Take, Status: report.InProgress, Actor: worker},
			{At: after(30), Action: report.Join, Status: report.InProgress, InternalNote: "我住3单元502，门口灯也坏了"},
			{At: after(60), Action: report.Resolve, Status: report.Resolved, Actor: worker,
				PublicNote: "路灯已更换为节能灯", InternalNote: "费用由物业承担", Photos: []string{"resultphoto7"}},
			{At: after(61), Action: report.Publish, Status: report.Resolved, Actor: op},
			{At: after(90), Action: report.Rate, Status: report.Closed, PublicNote: "谢谢，很及时"},
		},
		CreatedAt: at, AcceptedAt: after(1), DispatchedAt: after(3), ResolvedAt: after(60), ClosedAt: after(90), UpdatedAt: after(90),
	}
}

// privateText gathers the text a page would show of every field under one
// marked public:"no": strings, and numbers as a page writes them. seen says,
// per private field that can hold text, whether any did, so a private field
// added tomorrow must be filled in the fixture before the test passes.
type privateText struct {
	values []string
	seen   map[string]bool
}

func (p *privateText) walk(v reflect.Value, private bool, field string) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			p.walk(v.Elem(), private, field)
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			p.walk(v.Index(i), private, field)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.Tag.Get("public") == "no" && !private && holdsText(f.Type) {
				name := v.Type().String() + "." + f.Name
				p.seen[name] = p.seen[name] // false until text turns up under it
				p.walk(v.Field(i), true, name)
				continue
			}
			p.walk(v.Field(i), private, field)
		}
	case reflect.String:
		p.add(private, field, v.String())
	case reflect.Float32, reflect.Float64:
		if v.Float() != 0 {
			p.add(private, field, strconv.FormatFloat(v.Float(), 'f', -1, 64))
		}
	}
}

func (p *privateText) add(private bool, field, s string) {
	if private && s != "" {
		p.values = append(p.values, s)
		p.seen[field] = true
	}
}

// holdsText reports whether a value of t can carry text or a number a page
// could show; times are left out, as a page shows them reformatted.
func holdsText(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String, reflect.Float32, reflect.Float64:
		return true
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return holdsText(t.Elem())
	case reflect.Struct:
		if t == reflect.TypeFor[time.Time]() {
			return false
		}
		for f := range t.Fields() {
			if holdsText(f.Type) {
				return true
			}
		}
	}
	return false
}

// secretsOf is the private text of values, failing when a private field that
// can hold text was left empty in all of them.
func secretsOf(t *testing.T, values ...any) []string {
	t.Helper()
	p := privateText{seen: map[string]bool{}}
	for _, v := range values {
		p.walk(reflect.ValueOf(v), false, "")
	}
	for field, filled := range p.seen {
		if !filled {
			t.Errorf("the fixture leaves the private %s empty: fill it so the pages are checked for it", field)
		}
	}
	return p.values
}

// TestPublicPagesShowNothingPrivate renders every public page that shows a
// report or its community, for a report full of private data, and finds none
// of it: not the contact, location, place, form token, staff names, notes or
// assignee, nor the community's grid workers.
func TestPublicPagesShowNothingPrivate(t *testing.T) {
	app := newTestApp(t)
	ctx := context.Background()
	com := app.community("春和社区", "北山口镇")
	com.Grids = []community.Grid{{Name: "第七网格东片", Worker: "gridworker-zhou-88"}}
	if err := app.store.UpdateCommunity(ctx, com); err != nil {
		t.Fatal(err)
	}
	r, err := app.store.CreateReport(ctx, secretReport(t, com))
	if err != nil {
		t.Fatal(err)
	}
	open, err := app.store.CreateReport(ctx, openSecret(t, com)) // listed on the form
	if err != nil {
		t.Fatal(err)
	}
	secrets := secretsOf(t, r, open, com)
	rate := urlencoded("/t/"+r.ID+"/rate", url.Values{"rating": {string(report.Satisfied)}})
	pages := []struct {
		name   string
		rec    *httptest.ResponseRecorder
		status int
		want   string
	}{
		{"tracking", app.get("/t/" + r.ID), http.StatusOK, "路灯已更换为节能灯"},
		{"tracking after sending", app.get("/t/" + r.ID + "?new=1"), http.StatusOK, "路灯已更换为节能灯"},
		{"tracking after a refused rating", app.do(rate), http.StatusConflict, message(t, locale.Chinese, "rate.already")},
		{"community", app.get("/communities/" + com.Code), http.StatusOK, "/p/resultphoto7/thumb"},
		{"community list", app.get("/communities"), http.StatusOK, "春和社区"},
		{"form", app.get("/c/" + com.Code), http.StatusOK, "东侧路灯不亮已经一周了"},
	}
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			expectPage(t, p.rec, p.status, p.want)
			expectNone(t, p.rec.Body.String(), secrets...)
		})
	}
	// Holding the tracking code lets one rate: the community page and the
	// form's list of open reports keep it.
	expectNone(t, pages[3].rec.Body.String(), r.ID, r.Tracking().Display())
	expectNone(t, pages[5].rec.Body.String(), open.ID, open.Tracking().Display())
}

// openSecret is secretReport while a worker handles it, before its
// resolution: what the form lists for residents to join.
func openSecret(t *testing.T, com community.Community) report.Report {
	t.Helper()
	r := secretReport(t, com)
	r.Status, r.Timeline = report.InProgress, r.Timeline[:6]
	r.Reply, r.AfterPhotos, r.Rating, r.Comment, r.Published = "", nil, "", "", false
	r.ResolvedAt, r.ClosedAt, r.SubmitToken = time.Time{}, time.Time{}, "submit-token-open-2c8d1f"
	return r
}

// TestScriptAnswerShowsNothingPrivate: the form script's JSON answer names
// where the report is, and nothing the resident typed or shared.
func TestScriptAnswerShowsNothingPrivate(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	fields := validFields(app.formToken(c.Code))
	fields.Set("location", "幸福里7栋1402室")
	fields.Set("lat", "34.74661")
	fields.Set("lng", "113.02593")
	rec, answer := sendAsScript(t, app, multipartReport(t, "/c/"+c.Code, fields), locale.Chinese)
	if rec.Code != http.StatusOK || answer.Tracking == "" {
		t.Fatalf("%d %s, want 200 with a tracking code", rec.Code, rec.Body)
	}
	expectNone(t, rec.Body.String(), "魏先生", "13812345678", "幸福里7栋1402室", "34.74661", "113.02593", fields.Get("token"))
}

// expectNone fails for each secret found in body.
func expectNone(t *testing.T, body string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(body, s) {
			t.Errorf("the page shows private %q", s)
		}
	}
}
