package webhook

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"gridline/report"
)

// TestEveryStepMakesAnEventOrIsInternal: each row of the loop is either in
// the event table or one of the internal steps, never both and never
// neither, so a step added to the loop cannot go unannounced by accident.
func TestEveryStepMakesAnEventOrIsInternal(t *testing.T) {
	for _, row := range report.Loop() {
		internal := slices.Contains(Internal(), row.Action)
		listed := slices.ContainsFunc(Rules(), func(r Rule) bool { return r.Action == row.Action })
		if internal == listed {
			t.Errorf("action %s: internal %v, in the event table %v; want exactly one", row.Action, internal, listed)
		}
	}
}

// TestTypeOf: the step and the state it led to decide the type; a step
// that reopens is "reopened" whoever made it.
func TestTypeOf(t *testing.T) {
	tests := []struct {
		e    report.Event
		want string
	}{
		{report.Event{Action: report.Submit, Status: report.Submitted}, "submitted"},
		{report.Event{Action: report.Patrol, Status: report.Accepted}, "patrol"},
		{report.Event{Action: report.Dispatch, Status: report.Dispatched}, "dispatched"},
		{report.Event{Action: report.Take, Status: report.InProgress}, "taken"},
		{report.Event{Action: report.Rate, Status: report.Closed}, "rated"},
		{report.Event{Action: report.Rate, Status: report.Reopened}, "reopened"},
		{report.Event{Action: report.AutoClose, Status: report.Closed}, "closed"},
		{report.Event{Action: report.Recheck, Status: report.Closed}, "rechecked"},
		{report.Event{Action: report.Recheck, Status: report.Reopened}, "reopened"},
		{report.Event{Action: report.Join, Status: report.Dispatched}, "joined"},
		{report.Event{Action: report.Note, Status: report.Accepted}, ""},
		{report.Event{Action: report.Publish, Status: report.Closed}, ""},
	}
	for _, tt := range tests {
		got, ok := TypeOf(tt.e)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("TypeOf(%s → %s) = %q, %v; want %q", tt.e.Action, tt.e.Status, got, ok, tt.want)
		}
	}
}

// TestBodyStandsAtItsEntry: the body of entry i shows the report's state
// after it and the public timeline up to it, notes left out, photos as
// links, and the contact only when asked for.
func TestBodyStandsAtItsEntry(t *testing.T) {
	at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	r := report.Report{
		ID: "ABCDEFGHJ", Community: "K7M2QX", Street: "北山口镇", Category: "市容环境", Description: "路灯不亮",
		Photos: []string{"p1"}, Contact: report.Contact{Name: "魏先生", Phone: "13812345678"}, Status: report.Dispatched,
		Timeline: []report.Event{
			{At: at, Action: report.Submit, Status: report.Submitted},
			{At: at.Add(time.Minute), Action: report.Note, Status: report.Submitted, InternalNote: "内部"},
			{At: at.Add(2 * time.Minute), Action: report.Accept, Status: report.Accepted, PublicNote: "已受理"},
			{At: at.Add(3 * time.Minute), Action: report.Dispatch, Status: report.Dispatched},
		},
		CreatedAt: at,
	}
	body, err := Body(r, 2, false, "https://gridline.example.org")
	if err != nil {
		t.Fatal(err)
	}
	var p payload
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	if p.ID != "ABCDEFGHJ-2" || p.Type != "accepted" || !p.At.Equal(at.Add(2*time.Minute)) || p.Report.Status != "accepted" {
		t.Errorf("envelope %+v", p)
	}
	if len(p.Report.Timeline) != 2 || p.Report.Timeline[1].Note != "已受理" || p.Report.Source != "resident" {
		t.Errorf("timeline %+v, source %q: want submit and accept only", p.Report.Timeline, p.Report.Source)
	}
	if p.Report.Photos[0] != "https://gridline.example.org/p/p1" || p.Contact != nil || strings.Contains(string(body), "魏先生") {
		t.Errorf("photos %q, contact %+v", p.Report.Photos, p.Contact)
	}
	body, err = Body(r, 0, true, "")
	if err != nil || !strings.Contains(string(body), `"contact":{"name":"魏先生","phone":"13812345678"}`) {
		t.Errorf("with contact: %s, %v", body, err)
	}
	if _, err := Body(r, 1, false, ""); err == nil {
		t.Error("a note made a body")
	}
}

// TestDeliveriesOnePerEventAndEndpoint: ids say the report, the index and
// the endpoint, so deriving again names the same deliveries; the endpoint
// with contact gets a body of its own.
func TestDeliveriesOnePerEventAndEndpoint(t *testing.T) {
	now := time.Now()
	r := report.Report{ID: "ABCDEFGHJ", Contact: report.Contact{Name: "魏先生"}, Timeline: []report.Event{
		{At: now, Action: report.Submit, Status: report.Submitted},
		{At: now, Action: report.Note, Status: report.Submitted},
		{At: now, Action: report.Accept, Status: report.Accepted},
	}}
	eps := []Endpoint{{ID: "one"}, {ID: "two", WithContact: true}}
	ds, err := Deliveries(r, 1, eps, "", now)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range ds {
		ids = append(ids, d.ID)
		if d.Event != "ABCDEFGHJ-2" || d.Seq != 2 || d.Type != "accepted" || !d.Due.Equal(now) {
			t.Errorf("delivery %+v", d)
		}
		if strings.Contains(string(d.Body), "魏先生") != (d.Endpoint == "two") {
			t.Errorf("%s: contact in body %s", d.ID, d.Body)
		}
	}
	if want := []string{"ABCDEFGHJ-2-one", "ABCDEFGHJ-2-two"}; !slices.Equal(ids, want) {
		t.Errorf("ids %q, want %q", ids, want)
	}
}

// TestHeadsOnePerStream: of each report and endpoint only the earliest
// entry may go, whatever its due time.
func TestHeadsOnePerStream(t *testing.T) {
	now := time.Now()
	ds := []Delivery{
		{ID: "a-3-x", Report: "a", Seq: 3, Endpoint: "x", Due: now},
		{ID: "a-1-x", Report: "a", Seq: 1, Endpoint: "x", Due: now.Add(time.Hour)},
		{ID: "a-1-y", Report: "a", Seq: 1, Endpoint: "y", Due: now.Add(time.Minute)},
		{ID: "b-0-x", Report: "b", Seq: 0, Endpoint: "x", Due: now},
	}
	var got []string
	for _, d := range Heads(ds) {
		got = append(got, d.ID)
	}
	if want := []string{"b-0-x", "a-1-y", "a-1-x"}; !slices.Equal(got, want) {
		t.Errorf("heads %q, want %q", got, want)
	}
}
