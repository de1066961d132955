package server_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"gridline/report"
)

// bodyCases send bodies that are not the form the page posts: JSON, plain
// text, gzip, broken multipart, and forms with a field twice.
func bodyCases() []hostileCase {
	return slices.Concat(foreignBodyCases(), brokenMultipartCases(), repeatedFieldCases())
}

// foreignBodyCases send JSON, plain text or XML where a form belongs.
func foreignBodyCases() []hostileCase {
	badRequest := func(t *testing.T, _ *hostileWorld, rec *httptest.ResponseRecorder, _ report.Report) {
		if want := pageText(t, "error.bad_request.title"); !strings.Contains(rec.Body.String(), want) {
			t.Errorf("the page does not say %q", want)
		}
	}
	return []hostileCase{
		{name: "JSON report", status: http.StatusBadRequest, want: badRequest,
			req: func(w *hostileWorld) *http.Request {
				return rawPost("/c/"+w.a.Code, "application/json",
					`{"token":"`+newHexToken(w.t)+`","category":{"$gt":""},"description":"3号楼东侧路灯不亮已经一周了"}`)
			}},
		{name: "JSON report asking for JSON", status: http.StatusBadRequest,
			req: func(w *hostileWorld) *http.Request {
				req := rawPost("/c/"+w.a.Code, "application/json; charset=utf-8", `{"description":{"$ne":null}}`)
				req.Header.Set("Accept", "application/json")
				return req
			}},
		{name: "report as text/plain, the cross-site simple request", status: http.StatusBadRequest, want: badRequest,
			req: func(w *hostileWorld) *http.Request {
				return rawPost("/c/"+w.a.Code, "text/plain", w.fields().Encode())
			}},
		{name: "report as XML", status: http.StatusBadRequest,
			req: func(w *hostileWorld) *http.Request {
				return rawPost("/c/"+w.a.Code, "application/xml", `<report><description>x</description></report>`)
			}},
		{name: "JSON rating is not read", status: http.StatusUnprocessableEntity,
			req: func(w *hostileWorld) *http.Request {
				return rawPost("/t/"+w.resolved.ID+"/rate", "application/json", `{"rating":"unsatisfied"}`)
			}},
		{name: "JSON staff action carrying its token", status: http.StatusForbidden,
			req: func(w *hostileWorld) *http.Request {
				return as(w.admin, rawPost("/admin/reports/"+w.open.ID+"/accept", "application/json",
					`{"csrf":"`+w.admin.csrf+`","public":"ok"}`))
			}},
		{name: "JSON sign-in", status: http.StatusForbidden,
			req: func(w *hostileWorld) *http.Request {
				return rawPost("/admin/login", "application/json", `{"username":"boss","password":"boss-password"}`)
			}},
		{name: "JSON new account with the token in the query", status: http.StatusUnprocessableEntity,
			req: func(w *hostileWorld) *http.Request {
				return as(w.admin, rawPost("/admin/users?csrf="+url.QueryEscape(w.admin.csrf), "application/json",
					`{"username":"mallory","role":"admin","password":"correct horse battery"}`))
			}},
	}
}

// brokenMultipartCases send multipart bodies that cannot be read whole.
func brokenMultipartCases() []hostileCase {
	return []hostileCase{
		{name: "multipart without a boundary", status: http.StatusBadRequest,
			req: func(w *hostileWorld) *http.Request {
				_, body := multipartBytes(w.t, w.reportPost(w.fields()))
				return rawPost("/c/"+w.a.Code, "multipart/form-data", string(body))
			}},
		{name: "multipart boundary that is not in the body", status: http.StatusBadRequest,
			req: func(w *hostileWorld) *http.Request {
				_, body := multipartBytes(w.t, w.reportPost(w.fields()))
				return rawPost("/c/"+w.a.Code, "multipart/form-data; boundary=not-the-one", string(body))
			}},
		{name: "multipart boundary with a line break", status: http.StatusBadRequest,
			req: func(w *hostileWorld) *http.Request {
				_, body := multipartBytes(w.t, w.reportPost(w.fields()))
				return rawPost("/c/"+w.a.Code, "multipart/form-data; boundary=\"a\r\nb\"", string(body))
			}},
		{name: "multipart cut off before its closing boundary", status: http.StatusBadRequest,
			req: func(w *hostileWorld) *http.Request {
				ctype, body := multipartBytes(w.t, w.reportPost(w.fields(), smallJPEG(w.t)))
				_, boundary, _ := strings.Cut(ctype, "boundary=")
				cut := bytes.LastIndex(body, []byte("--"+boundary+"--"))
				return rawPost("/c/"+w.a.Code, ctype, string(body[:cut]))
			}},
		{name: "multipart cut off inside the photo", status: http.StatusBadRequest,
			req: func(w *hostileWorld) *http.Request {
				ctype, body := multipartBytes(w.t, w.reportPost(w.fields(), smallJPEG(w.t)))
				return rawPost("/c/"+w.a.Code, ctype, string(body[:len(body)-200]))
			}},
		{name: "gzip body is not inflated", status: http.StatusBadRequest,
			req: func(w *hostileWorld) *http.Request {
				ctype, body := multipartBytes(w.t, w.reportPost(w.fields()))
				var gz bytes.Buffer
				zw := gzip.NewWriter(&gz)
				zw.Write(body)
				zw.Close()
				req := rawPost("/c/"+w.a.Code, ctype, gz.String())
				req.Header.Set("Content-Encoding", "gzip")
				return req
			}},
	}
}

// repeatedFieldCases send a field twice, or a stored report's token again.
func repeatedFieldCases() []hostileCase {
	return []hostileCase{
		{name: "token twice: the first is kept, one report", status: http.StatusSeeOther, effect: oneReport,
			req: func(w *hostileWorld) *http.Request {
				v := w.fields()
				v["token"] = []string{v.Get("token"), newHexToken(w.t)}
				v["description"] = []string{"第一份描述：路灯不亮", "第二份描述：路灯不亮"}
				return w.reportPost(v)
			}, want: func(t *testing.T, _ *hostileWorld, rec *httptest.ResponseRecorder, r report.Report) {
				if r.Description != "第一份描述：路灯不亮" {
					t.Errorf("stored description %q, want the first", r.Description)
				}
			}},
		{name: "category twice: the first decides", status: http.StatusUnprocessableEntity,
			req: func(w *hostileWorld) *http.Request {
				v := w.fields()
				v["category"] = []string{opGT, "市容环境"}
				return urlencoded("/c/"+w.a.Code, v)
			}},
		{name: "a stored report's token again is that report", status: http.StatusSeeOther,
			req: func(w *hostileWorld) *http.Request {
				v := validFields(w.open.SubmitToken)
				v.Set("description", "换了内容再发一次同一个表单")
				return w.reportPost(v)
			}, want: func(t *testing.T, w *hostileWorld, rec *httptest.ResponseRecorder, _ report.Report) {
				locationIs("/t/"+w.open.ID+"?new=1")(t, w, rec, report.Report{})
				if r := w.app.storedReport(w.open.ID); r.Description != w.open.Description {
					t.Errorf("the replay rewrote the description to %q", r.Description)
				}
			}},
		{name: "rating twice: the first decides", status: http.StatusUnprocessableEntity,
			req: func(w *hostileWorld) *http.Request {
				return rawPost("/t/"+w.resolved.ID+"/rate", "application/x-www-form-urlencoded", "rating=bogus&rating=satisfied")
			}},
		{name: "staff token twice: the first decides", status: http.StatusForbidden,
			req: func(w *hostileWorld) *http.Request {
				return as(w.admin, rawPost("/admin/reports/"+w.open.ID+"/accept", "application/x-www-form-urlencoded",
					"csrf=forged&csrf="+url.QueryEscape(w.admin.csrf)))
			}},
		{name: "look-up code twice: the first decides", status: http.StatusSeeOther,
			req: func(w *hostileWorld) *http.Request {
				return plainGet("/track?code=" + url.QueryEscape(w.open.Tracking().Display()) + "&code=" + url.QueryEscape(opGT))(w)
			}, want: func(t *testing.T, w *hostileWorld, rec *httptest.ResponseRecorder, _ report.Report) {
				locationIs("/t/"+w.open.ID)(t, w, rec, report.Report{})
			}},
	}
}

// rawPost posts body with a content type of the caller's choosing.
func rawPost(target, ctype, body string) *http.Request {
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	return req
}

// multipartBytes takes a built multipart request apart.
func multipartBytes(t *testing.T, req *http.Request) (string, []byte) {
	t.Helper()
	b, err := io.ReadAll(req.Body)
	if err != nil {
		t.Fatal(err)
	}
	return req.Header.Get("Content-Type"), b
}
