package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"gridline/auth"
	"gridline/locale"
)

// TestSubmitLocationForStaffOnly: a location the resident chose to share is
// stored with the report and shown on the staff page, never on the public
// tracking page.
func TestSubmitLocationForStaffOnly(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	fields := validFields(app.formToken(c.Code))
	fields.Set("lat", "34.7466")
	fields.Set("lng", "113.0259")
	fields.Set("accuracy", "18")
	r := app.submitted(t, app.do(multipartReport(t, "/c/"+c.Code, fields)))
	if r.Geo == nil || r.Geo.Lat != 34.7466 || r.Geo.Lng != 113.0259 || r.Geo.Accuracy != 18 {
		t.Fatalf("stored location %+v, want 34.7466, 113.0259 ±18", r.Geo)
	}

	public := app.get("/t/" + r.ID + "?new=1").Body.String()
	for _, secret := range []string{"34.7466", "113.0259", "geo:", message(t, locale.Chinese, "staff.geo")} {
		if strings.Contains(public, secret) {
			t.Errorf("tracking page shows %q", secret)
		}
	}

	app.user("op", auth.Operator, "北山口镇")
	op, _ := app.login("op")
	staff := op.get("/admin/reports/" + r.ID)
	if staff.status != http.StatusOK {
		t.Fatalf("staff page: %d", staff.status)
	}
	for _, want := range []string{message(t, locale.Chinese, "staff.geo"), `href="geo:34.746600,113.025900"`, "34.746600, 113.025900", "18"} {
		if !strings.Contains(staff.body, want) {
			t.Errorf("staff page lacks %q", want)
		}
	}
}

// TestSubmitWithoutLocation: nothing shared, nothing stored.
func TestSubmitWithoutLocation(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	r := app.submitted(t, app.do(multipartReport(t, "/c/"+c.Code, validFields(app.formToken(c.Code)))))
	if r.Geo != nil {
		t.Errorf("stored location %+v, want none", r.Geo)
	}
}

// TestSubmitBadLocation: a location that is not a pair of numbers in range is
// refused with a message, dropped from the form shown again, and nothing is
// stored.
func TestSubmitBadLocation(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	tests := []struct{ name, lat, lng, accuracy, field string }{
		{"latitude alone", "34.7", "", "", "lng"},
		{"longitude alone", "", "113.0", "", "lat"},
		{"latitude out of range", "91", "113.0", "", "lat"},
		{"longitude out of range", "34.7", "-181", "", "lng"},
		{"not a number", "north", "113.0", "", "lat"},
		{"exponent", "3e1", "113.0", "", "lat"},
		{"NaN", "NaN", "113.0", "", "lat"},
		{"negative accuracy", "34.7", "113.0", "-5", "accuracy"},
		{"accuracy with a fraction", "34.7", "113.0", "5.5", "accuracy"},
		{"accuracy too long", "34.7", "113.0", "123456789", "accuracy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fields := validFields(app.formToken(c.Code))
			fields.Set("lat", tt.lat)
			fields.Set("lng", tt.lng)
			fields.Set("accuracy", tt.accuracy)
			rec := app.do(multipartReport(t, "/c/"+c.Code, fields))
			expectPage(t, rec, http.StatusUnprocessableEntity,
				`id="`+tt.field+`-error" role="alert">`, message(t, locale.Chinese, "field.lat.latitude"),
				`name="lat" value=""`, `name="lng" value=""`, `name="accuracy" value=""`,
				textareaHolding(t, fields.Get("description")))
			app.expectNothingStored(t)
		})
	}
}

// TestSubmitLocationRangeEdges: the poles and the date line are places too.
func TestSubmitLocationRangeEdges(t *testing.T) {
	app := newTestApp(t)
	c := app.community("春和社区", "北山口镇")
	for _, ll := range [][2]string{{"90", "180"}, {"-90", "-180"}, {"0", "0"}, {"-33.8688", "151.2093"}} {
		fields := validFields(app.formToken(c.Code))
		fields.Set("lat", ll[0])
		fields.Set("lng", ll[1])
		r := app.submitted(t, app.do(multipartReport(t, "/c/"+c.Code, fields)))
		if r.Geo == nil {
			t.Errorf("%v: no location stored", ll)
		}
	}
	if n, err := app.store.CountReports(context.Background()); err != nil || n != 4 {
		t.Errorf("%d reports (%v), want 4", n, err)
	}
}
