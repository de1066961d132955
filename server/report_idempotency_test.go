package server_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"

	"gridline/locale"
	"gridline/photostore"
	"gridline/report"
	"gridline/server"
	"gridline/store"
)

// TestSubmitSameTokenTwice sends one form twice in a row (a retry after a
// timeout): both land on the same report, stored once, with one set of photos.
func TestSubmitSameTokenTwice(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	fields := validFields(app.formToken(c.Code))
	first := app.do(multipartReport(t, "/c/"+c.Code, fields, smallJPEG(t)))
	second := app.do(multipartReport(t, "/c/"+c.Code, fields, smallJPEG(t)))
	r := app.submitted(t, first)
	if second.Code != http.StatusSeeOther || second.Header().Get("Location") != first.Header().Get("Location") {
		t.Fatalf("second send: %d to %q, want 303 to %q", second.Code, second.Header().Get("Location"), first.Header().Get("Location"))
	}
	app.expectOneReport(t, r)
}

// TestSubmitSameTokenConcurrently is a double tap on a slow network: eight
// sends of one form at once make one report, and the photos of the sends
// that lost the race are removed.
func TestSubmitSameTokenConcurrently(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	fields := validFields(app.formToken(c.Code))
	const sends = 8
	reqs := make([]*http.Request, sends)
	for i := range reqs {
		reqs[i] = multipartReport(t, "/c/"+c.Code, fields, smallJPEG(t))
	}
	recs := make([]*httptest.ResponseRecorder, sends)
	var wg sync.WaitGroup
	for i := range reqs {
		wg.Go(func() {
			recs[i] = httptest.NewRecorder()
			app.handler.ServeHTTP(recs[i], reqs[i])
		})
	}
	wg.Wait()
	r := app.submitted(t, recs[0])
	for i, rec := range recs {
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != recs[0].Header().Get("Location") {
			t.Errorf("send %d: %d to %q, want 303 to %q", i, rec.Code, rec.Header().Get("Location"), recs[0].Header().Get("Location"))
		}
	}
	app.expectOneReport(t, r)
}

// expectOneReport checks that r is the only report and that the photo
// directory holds exactly its photos.
func (a *testApp) expectOneReport(t *testing.T, r report.Report) {
	t.Helper()
	if n := a.countReports(); n != 1 {
		t.Errorf("%d reports stored, want 1", n)
	}
	var want []string
	for _, id := range r.Photos {
		want = append(want, photostore.FullName(id), photostore.ThumbName(id))
	}
	slices.Sort(want)
	if got := a.photoFiles(); len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("photo files %v, want exactly the report's %v", got, want)
	}
}

// failingCreate is the real store, except that no report can be created:
// a database that went away between the photos and the report.
type failingCreate struct{ *store.Store }

func (failingCreate) CreateReport(context.Context, report.Report) (report.Report, error) {
	return report.Report{}, errors.New("connection reset by peer")
}

// TestSubmitStoreFailureRemovesPhotos: when the report cannot be stored, the
// photos already written are removed and the resident gets the form back with
// their text and a note to send it again.
func TestSubmitStoreFailureRemovesPhotos(t *testing.T) {
	app := newTestApp(t)
	app.handler.(*server.Server).SwapStore(failingCreate{app.store})
	c := app.community("春和社区", "北山口镇")
	fields := validFields(app.formToken(c.Code))
	good := smallJPEG(t)
	rec := app.do(multipartReport(t, "/c/"+c.Code, fields, good, good))
	expectPage(t, rec, http.StatusServiceUnavailable,
		message(t, locale.Chinese, "form.save_failed"),
		textareaHolding(t, fields.Get("description")), `value="3号楼"`, `value="魏先生"`, `value="13812345678"`,
		`name="token" value="`+fields.Get("token")+`"`)
	if rec.Header().Get("Retry-After") == "" {
		t.Error("no Retry-After on a 503")
	}
	app.expectNothingStored(t)
}
