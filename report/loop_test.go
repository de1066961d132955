package report

import (
	"reflect"
	"slices"
	"testing"
	"time"
)

// TestRateOutcomes checks where each verdict takes a resolved report, written
// out by hand: only an unsatisfied resident sends it back round the loop.
func TestRateOutcomes(t *testing.T) {
	tests := []struct {
		rating Rating
		want   Status
	}{
		{Satisfied, Closed},
		{BasicSatisfied, Closed},
		{Unsatisfied, Reopened},
	}
	for _, tt := range tests {
		t.Run(string(tt.rating), func(t *testing.T) {
			got, err := Apply(inState(Resolved), Step{Action: Rate, At: t1, Rating: tt.rating})
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			if got.Status != tt.want || got.Timeline[1].Status != tt.want {
				t.Errorf("status %s, event status %s, want %s", got.Status, got.Timeline[1].Status, tt.want)
			}
		})
	}
}

// TestWhoMay checks the parties the table lets take each action against the
// README's roles, written out by hand.
func TestWhoMay(t *testing.T) {
	want := map[Action][]Who{
		Submit:    {Resident},
		Accept:    {Operators},
		Reject:    {Operators},
		Dispatch:  {Operators},
		Take:      {Assignee, ForUnit},
		Resolve:   {Assignee, ForUnit},
		Rate:      {Resident},
		AutoClose: {System},
		Note:      {AnyStaff},
		Publish:   {Operators},
	}
	for a, who := range want {
		t.Run(string(a), func(t *testing.T) {
			if got := MayDo(a); !slices.Equal(got, who) {
				t.Errorf("MayDo(%s) = %v, want %v", a, got, who)
			}
		})
	}
	if got := MayDo("explode"); got != nil {
		t.Errorf("an action outside the loop may be done by %v", got)
	}
}

// TestStatePredicates checks what each state means for the work queue, the
// inbox's open filter and deadlines, written out by hand.
func TestStatePredicates(t *testing.T) {
	tests := []struct {
		status                    Status
		final, awaits, onTheClock bool
	}{
		{Submitted, false, true, false},
		{Accepted, false, true, false},
		{Rejected, true, false, false},
		{Dispatched, false, true, true},
		{InProgress, false, true, true},
		{Resolved, false, false, false}, // awaits the resident or the auto-close job
		{Closed, true, false, false},
		{Reopened, false, true, false},
		{"", true, false, false}, // no state: nothing leads on from it
	}
	for _, tt := range tests {
		t.Run(string(tt.status), func(t *testing.T) {
			s := tt.status
			if s.Final() != tt.final || s.Open() == tt.final {
				t.Errorf("Final %v Open %v, want final %v", s.Final(), s.Open(), tt.final)
			}
			if s.AwaitsStaff() != tt.awaits {
				t.Errorf("AwaitsStaff %v, want %v", s.AwaitsStaff(), tt.awaits)
			}
			if s.OnTheClock() != tt.onTheClock {
				t.Errorf("OnTheClock %v, want %v", s.OnTheClock(), tt.onTheClock)
			}
		})
	}
}

// TestPublic checks which reports the community page shows: published ones
// with a result, not one reopened since.
func TestPublic(t *testing.T) {
	tests := []struct {
		status    Status
		published bool
		want      bool
	}{
		{Resolved, true, true},
		{Closed, true, true},
		{Reopened, true, false},
		{Dispatched, true, false},
		{Rejected, true, false},
		{Resolved, false, false},
		{Closed, false, false},
	}
	for _, tt := range tests {
		r := inState(tt.status)
		r.Published = tt.published
		if got := r.Public(); got != tt.want {
			t.Errorf("%s, published %v: Public = %v, want %v", tt.status, tt.published, got, tt.want)
		}
	}
}

// TestHasDeadline checks when a due time binds: set, and the report
// dispatched or in progress.
func TestHasDeadline(t *testing.T) {
	tests := []struct {
		status Status
		due    time.Time
		want   bool
	}{
		{Dispatched, due, true},
		{InProgress, due, true},
		{Dispatched, time.Time{}, false},
		{Reopened, due, false}, // keeps its old DueAt for the statistics only
		{Resolved, due, false},
		{Accepted, due, false},
	}
	for _, tt := range tests {
		r := inState(tt.status)
		r.DueAt = tt.due
		if got := r.HasDeadline(); got != tt.want {
			t.Errorf("%s due %v: HasDeadline = %v, want %v", tt.status, tt.due, got, tt.want)
		}
	}
}

// TestNew checks the submitted report New makes, field by field, as the
// server stored it before New existed.
func TestNew(t *testing.T) {
	geo := &GeoPoint{Lat: 31.2, Lng: 121.5}
	got := New(Submission{
		Community: "K7M2QX", Street: "北山口镇", Category: "市容环境", Description: "路灯不亮",
		Location: "3号楼", Geo: geo, Contact: Contact{Name: "李", Phone: "13800000000"},
		Photos: []string{"p1"}, SubmitToken: "tok",
	}, t0)
	want := Report{
		Community: "K7M2QX", Street: "北山口镇", Category: "市容环境", Description: "路灯不亮",
		Location: "3号楼", Geo: geo, Contact: Contact{Name: "李", Phone: "13800000000"},
		Photos: []string{"p1"}, SubmitToken: "tok",
		Status:    Submitted,
		Timeline:  []Event{{At: t0, Action: Submit, Status: Submitted}},
		CreatedAt: t0, UpdatedAt: t0,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("New made\n%+v\nwant\n%+v", got, want)
	}
	if next, err := Apply(got, validStep(Accept)); err != nil || next.Status != Accepted {
		t.Errorf("a new report cannot be accepted: %s, %v", next.Status, err)
	}
}

// TestLoopIsFresh changes the table one caller got: the rules others see
// stay as they were.
func TestLoopIsFresh(t *testing.T) {
	rules := Loop()
	for i := range rules {
		rules[i].To = Closed
		for j := range rules[i].From {
			rules[i].From[j] = Closed
		}
	}
	if !Allowed(Submitted, Accept) || Allowed(Closed, Accept) {
		t.Error("changing one caller's table changed the loop")
	}
}
