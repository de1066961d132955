package server_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"testing"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"gridline/auth"
	"gridline/community"
	"gridline/locale"
	"gridline/photostore"
	"gridline/report"
	"gridline/server"
	"gridline/store"
)

// answerLost is the real store, except that the database's answer to the
// insert never arrives: the report is stored, then the connection is cut
// (a database killed right after its commit, or a request cancelled once
// the insert was on its way). With staysAway, the database is gone from
// then on.
type answerLost struct {
	*store.Store
	staysAway bool
	gone      *bool
}

var errCut = errors.New("connection(127.0.0.1:27018[-6]) incomplete read of message header: EOF")

func (s answerLost) CreateReport(ctx context.Context, r report.Report) (report.Report, error) {
	if _, err := s.Store.CreateReport(ctx, r); err != nil {
		return report.Report{}, err
	}
	*s.gone = s.staysAway
	return report.Report{}, errCut
}

func (s answerLost) ReportByToken(ctx context.Context, token string) (report.Report, error) {
	if *s.gone {
		return report.Report{}, errCut
	}
	return s.Store.ReportByToken(ctx, token)
}

// TestSubmitAnswerLostKeepsPhotos: a report that was stored but whose
// answer was lost must keep its photos. If the database answers again, the
// resident is sent to the report at once; if not, they get the form back
// (503) and their retry with the same token reaches the report, photos and all.
func TestSubmitAnswerLostKeepsPhotos(t *testing.T) {
	for name, staysAway := range map[string]bool{"database answers again": false, "database stays away": true} {
		t.Run(name, func(t *testing.T) {
			app := newTestApp(t)
			srv := app.handler.(*server.Server)
			c := app.community("春和社区", "北山口镇")
			fields := validFields(app.formToken(c.Code))
			srv.SwapStore(answerLost{Store: app.store, staysAway: staysAway, gone: new(bool)})
			rec := app.do(multipartReport(t, "/c/"+c.Code, fields, smallJPEG(t)))
			if staysAway {
				if rec.Code != http.StatusServiceUnavailable {
					t.Fatalf("answer lost, database away: status %d, want 503", rec.Code)
				}
				srv.SwapStore(app.store) // the database is back; the resident sends again
				rec = app.do(multipartReport(t, "/c/"+c.Code, fields, smallJPEG(t)))
			}
			app.expectOneReport(t, app.submitted(t, rec))
		})
	}
}

// databaseDown is the real store behind a database that stopped answering:
// every read the public pages make fails as the driver fails when no server
// can be reached.
type databaseDown struct {
	*store.Store
	err error
}

func (s databaseDown) Community(context.Context, string) (community.Community, error) {
	return community.Community{}, fmt.Errorf("community: %w", s.err)
}

func (s databaseDown) Report(context.Context, report.Tracking) (report.Report, error) {
	return report.Report{}, fmt.Errorf("report: %w", s.err)
}

// unreachable returns the driver's own error for a database nobody listens on.
func unreachable(t *testing.T) error {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // now nothing listens there
	client, err := mongo.Connect(options.Client().ApplyURI("mongodb://" + addr).SetServerSelectionTimeout(200 * time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Disconnect(context.Background())
	err = client.Database("gridline").Collection("reports").FindOne(context.Background(), bson.M{}).Err()
	if err == nil || !store.Unavailable(err) {
		t.Fatalf("FindOne on a closed port: %v, want an unavailable database", err)
	}
	return err
}

// TestDatabaseDownAnswers503: while the database is away, a report sent
// gets 503 with the resident's text on the page (the script: the same token,
// since it keeps the draft itself), and pages that need the database say the
// service is unavailable (503, Retry-After), not that something broke.
func TestDatabaseDownAnswers503(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	fields := validFields(app.formToken(c.Code))
	app.handler.(*server.Server).SwapStore(databaseDown{app.store, unreachable(t)})

	rec := app.do(multipartReport(t, "/c/"+c.Code, fields, smallJPEG(t)))
	expectPage(t, rec, http.StatusServiceUnavailable, message(t, locale.Chinese, "form.save_failed"),
		textareaHolding(t, fields.Get("description")), `action="/c/`+c.Code+`"`,
		`name="token" value="`+fields.Get("token")+`"`)
	rec, a := sendAsScript(t, app, multipartReport(t, "/c/"+c.Code, fields, smallJPEG(t)), locale.English)
	if rec.Code != http.StatusServiceUnavailable || a.Token != fields.Get("token") || a.Notice == "" {
		t.Errorf("script: status %d, answer %+v; want 503 with a notice and the same token", rec.Code, a)
	}
	for _, path := range []string{"/c/" + c.Code, "/t/K7M2QXABP"} {
		rec := app.get(path)
		expectPage(t, rec, http.StatusServiceUnavailable, message(t, locale.Chinese, "error.unavailable.title"))
		if rec.Header().Get("Retry-After") == "" {
			t.Errorf("GET %s: 503 without Retry-After", path)
		}
	}
	app.expectNothingStored(t)
}

// updateAnswerLost is the real store, except that the database's answer to
// an update never arrives: the change is stored, then the connection is cut.
type updateAnswerLost struct{ *store.Store }

func (s updateAnswerLost) UpdateReport(ctx context.Context, prev int, next report.Report) error {
	if err := s.Store.UpdateReport(ctx, prev, next); err != nil {
		return err
	}
	return errCut
}

// TestResolveAnswerLostKeepsAfterPhotos: a resolution that was stored but
// whose answer was lost must keep its after-photos; staff see an error and
// the report, reloaded, shows the resolution with its photo.
func TestResolveAnswerLostKeepsAfterPhotos(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	app.user("wang", auth.Worker, "", c.Code)
	start := time.Now().Add(-time.Hour)
	r := app.reportThrough(t, c, start, toDispatched(start, time.Now().Add(time.Hour), "wang")...)
	b, csrf := app.login("wang")
	app.handler.(*server.Server).SwapStore(updateAnswerLost{app.store})
	if res := resolveAs(t, b, r.ID, csrf, "已修好", smallJPEG(t)); res.status < 500 {
		t.Fatalf("answer lost: status %d, want an error page", res.status)
	}
	got := app.reread(t, r.ID)
	if got.Status != report.Resolved || len(got.AfterPhotos) != 1 {
		t.Fatalf("stored: status %s, after-photos %v", got.Status, got.AfterPhotos)
	}
	for _, name := range []string{photostore.FullName(got.AfterPhotos[0]), photostore.ThumbName(got.AfterPhotos[0])} {
		if _, err := app.photos.Get(context.Background(), name); err != nil {
			t.Errorf("the stored resolution lost its photo %s: %v", name, err)
		}
	}
}
