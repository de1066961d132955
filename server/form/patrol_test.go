package form_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"gridline/server/form"
)

// TestParsePatrol reads a patrol form sent both ways a browser sends it: the
// community and the report's fields are kept, the resident's contact fields
// are not (a worker's form has none), and the validator names the fields of
// the embedded report as it does on the resident's form.
func TestParsePatrol(t *testing.T) {
	v := fields("  路灯不亮了一周 ")
	v.Set("community", " ABCDEF ")
	v.Set("website", "bot")
	want := form.Patrol{Community: "ABCDEF", Report: form.Report{
		Token: "0123456789abcdef0123456789abcdef", Category: "市容环境", Description: "路灯不亮了一周",
		Location: "3号楼", Lat: "31.2", Lng: "121.5",
	}}
	for name, req := range map[string]*http.Request{"multipart": multipartRequest(t, v), "urlencoded": urlencodedRequest(v)} {
		t.Run(name, func(t *testing.T) {
			got, uploads, errs, err := form.ParsePatrol(req, form.Limits{MaxPhotos: 4, MaxPhotoBytes: 1 << 10})
			if err != nil || len(errs) > 0 || len(uploads) > 0 {
				t.Fatalf("err %v, errors %v, %d uploads", err, errs, len(uploads))
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("read %+v\nwant %+v", got, want)
			}
		})
	}
	val, err := form.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	bad := want
	bad.Community, bad.Description = "", "短"
	if got := val.Check(bad); !reflect.DeepEqual(got, form.Errors{
		"community": "field.community.required", "description": "field.description.min",
	}) {
		t.Errorf("messages %v", got)
	}
}

func multipartRequest(t *testing.T, v url.Values) *http.Request {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k := range v {
		if err := w.WriteField(k, v.Get(k)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, "/admin/patrol", &b)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return req
}

func urlencodedRequest(v url.Values) *http.Request {
	req, _ := http.NewRequest(http.MethodPost, "/admin/patrol", strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}
