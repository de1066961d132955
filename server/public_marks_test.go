package server

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"gridline/community"
	"gridline/report"
	"gridline/server/open311"
	"gridline/webhook"
)

// publicTypes are every type a public page or public JSON is built from (see
// public_view.go). A new one belongs here.
var publicTypes = []reflect.Type{
	reflect.TypeFor[publicReport](),
	reflect.TypeFor[publicEvent](),
	reflect.TypeFor[publicPlace](),
	reflect.TypeFor[publicSimilar](), // the report form's list of open reports (report_similar.go)
	reflect.TypeFor[publicResult](),
	reflect.TypeFor[publicStreet](),
	// What the Open311 API shows of a report (server/open311/requests.go).
	reflect.TypeFor[open311.Request](),
	reflect.TypeFor[publicPhoto](),
	// What webhook endpoints receive of a report (webhook/payload.go).
	reflect.TypeFor[webhook.ReportView](),
	reflect.TypeFor[webhook.EventView](),
}

// marksOf reads the public tag of every field of the roots and of the
// project's struct types nested in them, as "package.Type.Field" → tag.
func marksOf(roots ...reflect.Type) map[string]string {
	marks := map[string]string{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		t = elem(t)
		if t.Kind() != reflect.Struct || !strings.HasPrefix(t.PkgPath(), "gridline/") {
			return
		}
		if _, seen := marks[t.String()]; seen {
			return
		}
		marks[t.String()] = "type"
		for f := range t.Fields() {
			marks[t.String()+"."+f.Name] = f.Tag.Get("public")
			walk(f.Type)
		}
	}
	for _, t := range roots {
		walk(t)
	}
	return marks
}

// elem is what a slice, array, map or pointer type holds, all the way down.
func elem(t reflect.Type) reflect.Type {
	for {
		switch t.Kind() {
		case reflect.Slice, reflect.Array, reflect.Map, reflect.Pointer:
			t = t.Elem()
		default:
			return t
		}
	}
}

// unmarked lists the fields whose public tag is neither "yes" nor "no".
func unmarked(marks map[string]string) []string {
	var out []string
	for field, mark := range marks {
		if mark != "yes" && mark != "no" && mark != "type" {
			out = append(out, fmt.Sprintf("%s: public:%q, want \"yes\" or \"no\"", field, mark))
		}
	}
	return out
}

// badSources lists the fields of the public type pub that draw from a field
// not marked public:"yes", name no source, or carry a whole domain struct or
// an interface (which could hold anything). views are the public types.
func badSources(pub reflect.Type, marks map[string]string, views []reflect.Type) []string {
	var out []string
	for f := range pub.Fields() {
		name, from, inner := pub.String()+"."+f.Name, f.Tag.Get("from"), elem(f.Type)
		isView := inner.Kind() == reflect.Struct && slices.Contains(views, inner)
		switch {
		case inner.Kind() == reflect.Interface:
			out = append(out, name+": an interface could carry anything")
		case inner.Kind() == reflect.Struct && !isView && inner != reflect.TypeFor[time.Time]():
			out = append(out, name+": carries a whole "+inner.String())
		case from == "" && !isView:
			out = append(out, name+": names no source in its from tag")
		case from != "" && marks[from] != "yes":
			out = append(out, fmt.Sprintf("%s: from %s, which is public:%q", name, from, marks[from]))
		}
	}
	return out
}

// TestEveryFieldMarked: every field of a report, its timeline, contact and
// location, and of a community, says whether it may be public; every field of
// every public type comes from one that may.
func TestEveryFieldMarked(t *testing.T) {
	marks := marksOf(reflect.TypeFor[report.Report](), reflect.TypeFor[community.Community]())
	for _, nested := range []string{"report.Event", "report.Contact", "report.GeoPoint", "community.Grid"} {
		if marks[nested] != "type" {
			t.Errorf("%s was not reached from report.Report or community.Community", nested)
		}
	}
	for _, p := range unmarked(marks) {
		t.Error(p)
	}
	for _, pub := range publicTypes {
		for _, p := range badSources(pub, marks, publicTypes) {
			t.Error(p)
		}
	}
}

// markedSource is a domain type with the mistakes the checks must catch.
type markedSource struct {
	Shown  string        `public:"yes"`
	Secret string        `public:"no"`
	Forgot string        // no mark at all
	Typo   string        `public:"true"`
	Inner  []markedInner `public:"yes"`
}

type markedInner struct{ Deep string }

// leakyView is a public type with the mistakes the checks must catch.
type leakyView struct {
	Shown    string       `from:"server.markedSource.Shown"`
	Secret   string       `from:"server.markedSource.Secret"`
	Nameless string       // no source
	Ghost    string       `from:"server.markedSource.Gone"`
	Whole    markedSource `from:"server.markedSource.Shown"`
	Anything any          `from:"server.markedSource.Shown"`
	Deep     string       `from:"server.markedInner.Deep"`
}

// TestMarkChecksCatch: the checks above fail on an unmarked or mistyped mark,
// also in a nested type, and on a public field drawn from a private,
// unmarked, missing or unnamed source, or carrying a whole struct.
func TestMarkChecksCatch(t *testing.T) {
	marks := marksOf(reflect.TypeFor[markedSource]())
	got := strings.Join(unmarked(marks), "\n")
	for _, want := range []string{"markedSource.Forgot", "markedSource.Typo", "markedInner.Deep"} {
		if !strings.Contains(got, want) {
			t.Errorf("unmarked missed %s; it found:\n%s", want, got)
		}
	}
	if strings.Contains(got, ".Shown") || strings.Contains(got, ".Secret") || strings.Contains(got, ".Inner") {
		t.Errorf("unmarked refused a marked field:\n%s", got)
	}
	got = strings.Join(badSources(reflect.TypeFor[leakyView](), marks, nil), "\n")
	for _, want := range []string{"leakyView.Secret", "leakyView.Nameless", "leakyView.Ghost", "leakyView.Whole", "leakyView.Anything", "leakyView.Deep"} {
		if !strings.Contains(got, want) {
			t.Errorf("badSources missed %s; it found:\n%s", want, got)
		}
	}
	if strings.Contains(got, "leakyView.Shown") {
		t.Errorf("badSources refused a public source:\n%s", got)
	}
}
