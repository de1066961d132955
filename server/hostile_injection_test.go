package server_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"gridline/report"
)

// MongoDB operators where a string belongs. Every parameter reaches the store
// as a string (or not at all), so an operator is a literal that matches
// nothing, or plain text stored as typed.
const (
	opGT    = `{"$gt":""}`
	opNE    = `{"$ne":null}`
	opWhere = `{"$where":"sleep(5000) || true"}`
)

// injectionCases put MongoDB operators, and keys that ask for them, where a
// request carries a string.
func injectionCases() []hostileCase {
	return slices.Concat(publicInjectionCases(), staffInjectionCases(), accountInjectionCases())
}

// publicInjectionCases aim operators at what anyone may send: look-ups,
// reports, photos.
func publicInjectionCases() []hostileCase {
	q, p := url.QueryEscape, url.PathEscape
	return []hostileCase{
		{name: "look-up code is an operator", status: http.StatusUnprocessableEntity,
			req: plainGet("/track?code=" + q(opGT))},
		{name: "look-up code[$ne] key", status: http.StatusOK,
			req: plainGet("/track?code%5B%24ne%5D=1")},
		{name: "tracking path is an operator", status: http.StatusNotFound,
			req: plainGet("/t/" + p(opGT))},
		{name: "community path is an operator", status: http.StatusNotFound,
			req: plainGet("/c/" + p(opGT))},
		{name: "report posted to an operator community", status: http.StatusNotFound,
			req: func(w *hostileWorld) *http.Request {
				return multipartReport(w.t, "/c/"+p(opNE), w.fields())
			}},
		{name: "report category is an operator", status: http.StatusUnprocessableEntity,
			req: func(w *hostileWorld) *http.Request {
				v := w.fields()
				v.Set("category", opGT)
				return w.reportPost(v)
			}},
		{name: "report token[$ne] key", status: http.StatusUnprocessableEntity,
			req: func(w *hostileWorld) *http.Request {
				v := w.fields()
				v.Del("token")
				v.Set("token[$ne]", "1")
				return urlencoded("/c/"+w.a.Code, v)
			}},
		{name: "report category[$in][] key", status: http.StatusUnprocessableEntity,
			req: func(w *hostileWorld) *http.Request {
				v := w.fields()
				v["category[$in][]"] = v["category"]
				v.Del("category")
				return urlencoded("/c/"+w.a.Code, v)
			}},
		{name: "report phone is an operator", status: http.StatusUnprocessableEntity,
			req: func(w *hostileWorld) *http.Request {
				v := w.fields()
				v.Set("phone", opNE)
				return w.reportPost(v)
			}},
		{name: "operators in free text are stored as text", status: http.StatusSeeOther, effect: oneReport,
			req: func(w *hostileWorld) *http.Request {
				v := w.fields()
				v.Set("description", opWhere)
				v.Set("location", opNE)
				v.Set("name", opGT)
				return w.reportPost(v)
			}, want: func(t *testing.T, _ *hostileWorld, _ *httptest.ResponseRecorder, r report.Report) {
				if r.Description != opWhere || r.Location != opNE || r.Contact.Name != opGT {
					t.Errorf("stored %q / %q / %q, want the typed text", r.Description, r.Location, r.Contact.Name)
				}
			}},
		{name: "photo id is an operator", status: http.StatusNotFound,
			req: plainGet("/p/" + p(opGT))},
		{name: "thumbnail id is an operator", status: http.StatusNotFound,
			req: plainGet("/p/" + p(opNE) + "/thumb")},
	}
}

// staffInjectionCases aim operators at the console's filters and actions.
func staffInjectionCases() []hostileCase {
	q, p := url.QueryEscape, url.PathEscape
	noRows := func(t *testing.T, w *hostileWorld, rec *httptest.ResponseRecorder, _ report.Report) {
		if ids := reportLinks(rec.Body.String()); len(ids) != 0 {
			t.Errorf("an operator in a filter listed reports %v", ids)
		}
	}
	return []hostileCase{
		{name: "inbox status is an operator", status: http.StatusOK, want: noRows,
			req: func(w *hostileWorld) *http.Request { return staffGet(w.op, "/admin/reports?status="+q(`{"$ne":""}`)) }},
		{name: "inbox community is an operator", status: http.StatusOK, want: noRows,
			req: func(w *hostileWorld) *http.Request { return staffGet(w.op, "/admin/reports?community="+q(opGT)) }},
		{name: "inbox search is $where", status: http.StatusOK, want: noRows,
			req: func(w *hostileWorld) *http.Request {
				return staffGet(w.op, "/admin/reports?q="+q(`{"$where":"this.street != ''"}`))
			}},
		{name: "inbox category and assignee are operators", status: http.StatusOK, want: noRows,
			req: func(w *hostileWorld) *http.Request {
				return staffGet(w.op, "/admin/reports?category="+q(opNE)+"&assignee="+q(opNE))
			}},
		{name: "inbox street[$ne] keys keep the operator's street", status: http.StatusOK,
			req: func(w *hostileWorld) *http.Request {
				return staffGet(w.op, "/admin/reports?street%5B%24ne%5D=x&status%5B%24ne%5D=x&streets%5B%5D=%E5%8D%97%E6%B9%96%E8%A1%97%E9%81%93")
			}, want: func(t *testing.T, w *hostileWorld, rec *httptest.ResponseRecorder, _ report.Report) {
				ids := reportLinks(rec.Body.String())
				if !slices.Contains(ids, w.open.ID) || slices.Contains(ids, w.other.ID) {
					t.Errorf("listed %v: want the own street's %s and not the other street's %s", ids, w.open.ID, w.other.ID)
				}
			}},
		{name: "staff report id is an operator", status: http.StatusNotFound,
			req: func(w *hostileWorld) *http.Request { return staffGet(w.op, "/admin/reports/"+p(opGT)) }},
		{name: "staff action on an operator id", status: http.StatusNotFound,
			req: func(w *hostileWorld) *http.Request {
				return staffPost(w.admin, "/admin/reports/"+p(opGT)+"/accept", url.Values{"public": {"x"}})
			}},
		{name: "staff action is an update operator", status: http.StatusForbidden,
			req: func(w *hostileWorld) *http.Request {
				return staffPost(w.admin, "/admin/reports/"+w.open.ID+"/"+p(`{"$set":{"status":"closed"}}`), nil)
			}},
		{name: "dispatch worker is an operator", status: http.StatusUnprocessableEntity,
			req: func(w *hostileWorld) *http.Request { return w.dispatch(opNE) }},
		{name: "dispatch to an operator account", status: http.StatusUnprocessableEntity,
			req: func(w *hostileWorld) *http.Request { return w.dispatch("op") }},
		{name: "dispatch to another community's worker", status: http.StatusUnprocessableEntity,
			req: func(w *hostileWorld) *http.Request { return w.dispatch("li") }},
	}
}

// accountInjectionCases aim operators at sign-in, ratings, sessions and the
// administration pages.
func accountInjectionCases() []hostileCase {
	q, p := url.QueryEscape, url.PathEscape
	return []hostileCase{
		{name: "login with operator username and password", status: http.StatusUnauthorized,
			req: func(w *hostileWorld) *http.Request {
				return w.loginPost(url.Values{"username": {opGT}, "password": {opGT}})
			}},
		{name: "login with [$ne] keys", status: http.StatusUnauthorized,
			req: func(w *hostileWorld) *http.Request {
				return w.loginPost(url.Values{"username[$ne]": {"x"}, "password[$ne]": {"x"}})
			}},
		{name: "rating is an operator", status: http.StatusUnprocessableEntity,
			req: func(w *hostileWorld) *http.Request {
				return urlencoded("/t/"+w.resolved.ID+"/rate", url.Values{"rating": {opNE}})
			}},
		{name: "account to disable is an operator", status: http.StatusNotFound,
			req: func(w *hostileWorld) *http.Request {
				return staffPost(w.admin, "/admin/users/"+p(`{"$ne":""}`)+"/disabled", url.Values{"disabled": {"1"}})
			}},
		{name: "community to edit is an operator", status: http.StatusNotFound,
			req: func(w *hostileWorld) *http.Request { return staffGet(w.admin, "/admin/communities/"+p(opGT)) }},
		{name: "session cookie is an operator", status: http.StatusSeeOther,
			req: func(w *hostileWorld) *http.Request {
				req := plainGet("/admin")(w)
				req.Header.Set("Cookie", "gridline_session="+opNE)
				return req
			}, want: locationIs("/admin/login?next=%2Fadmin")},
		{name: "export community is an operator", status: http.StatusOK,
			req: func(w *hostileWorld) *http.Request {
				return staffGet(w.admin, "/admin/export.csv?community="+q(`{"$ne":""}`))
			}, want: func(t *testing.T, w *hostileWorld, rec *httptest.ResponseRecorder, _ report.Report) {
				if body := rec.Body.String(); strings.Contains(body, w.open.ID) || strings.Contains(body, w.other.ID) {
					t.Error("an operator community exported reports")
				}
			}},
		{name: "community page code is an operator", status: http.StatusNotFound,
			req: plainGet("/communities/" + p(opGT))},
		{name: "poster batch street and codes are operators", status: http.StatusUnprocessableEntity,
			req: func(w *hostileWorld) *http.Request {
				return staffGet(w.op, "/admin/posters/batch.pdf?street="+q(opNE)+"&c="+q(opGT)+"&c%5B%24ne%5D=x")
			}},
		{name: "category hours is an operator", status: http.StatusUnprocessableEntity,
			req: func(w *hostileWorld) *http.Request {
				return staffPost(w.admin, "/admin/categories", url.Values{"name": {"市容环境"}, "hours": {opGT}})
			}},
		{name: "new community with [$ne] keys", status: http.StatusUnprocessableEntity,
			req: func(w *hostileWorld) *http.Request {
				return staffPost(w.admin, "/admin/communities", url.Values{"name[$ne]": {"x"}, "street[$ne]": {"y"}})
			}},
	}
}

// plainGet is an anonymous GET.
func plainGet(target string) func(*hostileWorld) *http.Request {
	return func(*hostileWorld) *http.Request { return httptest.NewRequest(http.MethodGet, target, nil) }
}

// staffGet is a GET with a staff session.
func staffGet(s staffSession, target string) *http.Request {
	return as(s, httptest.NewRequest(http.MethodGet, target, nil))
}

// staffPost posts a form with a staff session and, unless v has one, its token.
func staffPost(s staffSession, target string, v url.Values) *http.Request {
	if v == nil {
		v = url.Values{}
	}
	if _, ok := v["csrf"]; !ok {
		v.Set("csrf", s.csrf)
	}
	return as(s, urlencoded(target, v))
}

// fields is a valid report form with a fresh token.
func (w *hostileWorld) fields() url.Values { return validFields(newHexToken(w.t)) }

// reportPost posts a report form to community a.
func (w *hostileWorld) reportPost(v url.Values, photos ...[]byte) *http.Request {
	return multipartReport(w.t, "/c/"+w.a.Code, v, photos...)
}

// dispatch asks the operator to dispatch the accepted report to worker.
func (w *hostileWorld) dispatch(worker string) *http.Request {
	return staffPost(w.op, "/admin/reports/"+w.accepted.ID+"/dispatch", url.Values{
		"worker": {worker}, "due": {"2099-01-01T12:00"},
	})
}

// loginPost posts the sign-in form with a fresh form cookie and, unless v
// has one, its token.
func (w *hostileWorld) loginPost(v url.Values) *http.Request {
	form := httptest.NewRecorder()
	w.app.handler.ServeHTTP(form, httptest.NewRequest(http.MethodGet, "/admin/login", nil))
	if _, ok := v["csrf"]; !ok {
		v.Set("csrf", csrfOf(w.t, form.Body.String()))
	}
	req := urlencoded("/admin/login", v)
	for _, c := range form.Result().Cookies() {
		req.AddCookie(c)
	}
	return req
}

// locationIs checks a redirect's target.
func locationIs(want string) func(*testing.T, *hostileWorld, *httptest.ResponseRecorder, report.Report) {
	return func(t *testing.T, _ *hostileWorld, rec *httptest.ResponseRecorder, _ report.Report) {
		if got := rec.Header().Get("Location"); got != want {
			t.Errorf("Location %q, want %q", got, want)
		}
	}
}
