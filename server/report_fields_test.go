package server_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"gridline/locale"
)

// TestSubmitBadFieldsKeepsText sends text a resident can get wrong: the form
// comes back with status 422, a message beside the field, every word kept,
// and nothing stored.
func TestSubmitBadFieldsKeepsText(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	for _, tt := range badFieldCases() {
		t.Run(tt.name, func(t *testing.T) {
			fields := validFields(app.formToken(c.Code))
			tt.edit(fields)
			want := []string{textareaHolding(t, tt.kept)}
			if tt.field != "" {
				want = append(want, fieldMessage(t, locale.Chinese, tt.field, tt.msg), message(t, locale.Chinese, "form.fix_errors"))
			} else {
				want = append(want, `<div class="notice" role="alert"><p>`+message(t, locale.Chinese, tt.msg)+"</p>")
			}
			for _, f := range []string{"location", "name", "phone"} {
				want = append(want, `value="`+escapedText(t, fields.Get(f))+`"`)
			}
			rec := app.do(multipartReport(t, "/c/"+c.Code, fields))
			expectPage(t, rec, http.StatusUnprocessableEntity, want...)
			body := rec.Body.String()
			if !utf8.ValidString(body) {
				t.Error("page is not valid UTF-8")
			}
			if strings.Contains(body, "<script>alert") {
				t.Error("the description's HTML reached the page unescaped")
			}
			// A refused form keeps its token, so sending it again cannot make
			// two reports; a bad token is replaced by a fresh one.
			switch tok := formToken(t, body); {
			case tt.field != "" && tok != fields.Get("token"):
				t.Errorf("re-rendered form carries token %q, want the one sent", tok)
			case tt.field == "" && !isToken(tok):
				t.Errorf("re-rendered form carries token %q, want a fresh one", tok)
			}
			app.expectNothingStored(t)
		})
	}
}

// badField is a change to a valid report form that it must refuse.
type badField struct {
	name  string
	edit  func(url.Values)
	field string // the field the message is beside; "" for the notice on top
	msg   string
	kept  string // what the description's textarea must show
}

// badFieldCases are TestSubmitBadFieldsKeepsText's mistakes, each with the
// field its message is beside and what the description's textarea keeps.
func badFieldCases() []badField {
	const sent = "3号楼东侧路灯不亮已经一周了" // validFields' description
	return []badField{
		{"missing description", func(v url.Values) { v.Del("description") }, "description", "field.description.required", ""},
		{"blank description", func(v url.Values) { v.Set("description", " \r\n\t ") }, "description", "field.description.required", ""},
		{"four characters", func(v url.Values) { v.Set("description", "路灯坏了") }, "description", "field.description.min", "路灯坏了"},
		{"invisible characters do not count", func(v url.Values) { v.Set("description", "路灯\u200b\u202e坏了") }, "description", "field.description.min", "路灯坏了"},
		{"invalid UTF-8 kept as U+FFFD", func(v url.Values) { v.Set("description", "灯\xff\xfe") }, "description", "field.description.min", "灯\uFFFD"},
		{"1001 Chinese characters", func(v url.Values) { v.Set("description", strings.Repeat("灯", 1001)) }, "description", "field.description.max", strings.Repeat("灯", 1001)},
		{"overlong location", func(v url.Values) { v.Set("location", strings.Repeat("楼", 101)) }, "location", "field.location.max", sent},
		{"overlong name", func(v url.Values) { v.Set("name", strings.Repeat("魏", 31)) }, "name", "field.name.max", sent},
		{"phone too short", func(v url.Values) { v.Set("phone", "1381234567") }, "phone", "field.phone.mobile", sent},
		{"phone not mobile", func(v url.Values) { v.Set("phone", "12812345678") }, "phone", "field.phone.mobile", sent},
		{"phone with letters", func(v url.Values) { v.Set("phone", "1381234567x") }, "phone", "field.phone.mobile", sent},
		{"no category", func(v url.Values) { v.Del("category") }, "category", "field.category.required", sent},
		{"unknown category", func(v url.Values) { v.Set("category", "外星人入侵") }, "category", "field.category.oneof", sent},
		{"HTML in the description", func(v url.Values) {
			v.Set("description", `<script>alert("x")</script>`)
			v.Set("phone", "123")
		}, "phone", "field.phone.mobile", `<script>alert("x")</script>`},
		{"missing token", func(v url.Values) { v.Del("token") }, "", "field.token.invalid", sent},
		{"token with path tricks", func(v url.Values) { v.Set("token", "../../../../etc/passwd") }, "", "field.token.invalid", sent},
		{"token of 32 non-hex characters", func(v url.Values) { v.Set("token", strings.Repeat("zq", 16)) }, "", "field.token.invalid", sent},
		{"token of 33 hex characters", func(v url.Values) { v.Set("token", strings.Repeat("a", 33)) }, "", "field.token.invalid", sent},
	}
}

// TestSubmitAtTheLimits sends values just inside every limit: all are taken,
// cleaned the documented way.
func TestSubmitAtTheLimits(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	tests := []struct {
		name  string
		edit  func(url.Values)
		check func(t *testing.T, desc, location, name, phone string)
	}{
		{"1000 Chinese characters", func(v url.Values) { v.Set("description", strings.Repeat("灯", 1000)) },
			func(t *testing.T, desc, _, _, _ string) {
				wantEqual(t, "description", desc, strings.Repeat("灯", 1000))
			}},
		{"five characters", func(v url.Values) { v.Set("description", "路灯坏了吗") },
			func(t *testing.T, desc, _, _, _ string) { wantEqual(t, "description", desc, "路灯坏了吗") }},
		{"invalid UTF-8 stored as U+FFFD", func(v url.Values) { v.Set("description", "路灯不亮\xff\xfe已经一周") },
			func(t *testing.T, desc, _, _, _ string) {
				wantEqual(t, "description", desc, "路灯不亮\uFFFD已经一周")
			}},
		{"100-character location, 30-character name", func(v url.Values) {
			v.Set("location", strings.Repeat("楼", 100))
			v.Set("name", strings.Repeat("魏", 30))
		}, func(t *testing.T, _, location, name, _ string) {
			wantEqual(t, "location", location, strings.Repeat("楼", 100))
			wantEqual(t, "name", name, strings.Repeat("魏", 30))
		}},
		{"phone typed with spaces and hyphens, no name", func(v url.Values) {
			v.Set("phone", " 138 1234-5678 ")
			v.Del("name")
		}, func(t *testing.T, _, _, name, phone string) {
			wantEqual(t, "phone", phone, "13812345678")
			wantEqual(t, "name", name, "")
		}},
		{"no contact at all", func(v url.Values) {
			v.Del("phone")
			v.Del("name")
			v.Del("location")
		}, func(t *testing.T, _, location, name, phone string) {
			wantEqual(t, "contact", location+name+phone, "")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields := validFields(app.formToken(c.Code))
			tt.edit(fields)
			r := app.submitted(t, app.do(multipartReport(t, "/c/"+c.Code, fields)))
			tt.check(t, r.Description, r.Location, r.Contact.Name, r.Contact.Phone)
		})
	}
}

// TestSubmitOtherBodies covers what a browser without JavaScript or a script
// might send instead of the multipart form.
func TestSubmitOtherBodies(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")

	t.Run("urlencoded form without photos is taken", func(t *testing.T) {
		fields := validFields(app.formToken(c.Code))
		r := app.submitted(t, app.do(urlencoded("/c/"+c.Code, fields)))
		wantEqual(t, "description", r.Description, fields.Get("description"))
	})

	bad := []struct{ name, contentType, body string }{
		{"JSON", "application/json", `{"description":"3号楼东侧路灯不亮已经一周了"}`},
		{"multipart without a boundary", "multipart/form-data", "--x\r\n"},
		{"multipart cut short", "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n路灯"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			before := app.countReports()
			req := httptest.NewRequest(http.MethodPost, "/c/"+c.Code, strings.NewReader(tt.body))
			req.Header.Set("Content-Type", tt.contentType)
			rec := app.do(req)
			expectPage(t, rec, http.StatusBadRequest, message(t, locale.Chinese, "error.bad_request.message"))
			if n := app.countReports(); n != before {
				t.Errorf("reports: %d, want %d", n, before)
			}
		})
	}
}

// TestTrackingPageShowsHTMLAsText stores HTML a resident typed and checks the
// public page shows it as text (the place, staff only, not at all).
func TestTrackingPageShowsHTMLAsText(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	fields := validFields(app.formToken(c.Code))
	fields.Set("description", `<script>alert("x")</script> 路灯<b>坏了</b>`)
	fields.Set("location", `<img src=x onerror=alert(1)>`)
	r := app.submitted(t, app.do(multipartReport(t, "/c/"+c.Code, fields)))
	rec := app.get("/t/" + r.ID)
	expectPage(t, rec, http.StatusOK,
		`&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; 路灯&lt;b&gt;坏了&lt;/b&gt;`)
	if strings.Contains(rec.Body.String(), "onerror") {
		t.Error("the tracking page shows the place the resident typed")
	}
	for _, raw := range []string{"<script>alert", "<b>坏了", "<img src=x"} {
		if strings.Contains(rec.Body.String(), raw) {
			t.Errorf("tracking page contains raw %q", raw)
		}
	}
}

func wantEqual(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

func isToken(s string) bool {
	if len(s) != 32 {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}
