package report

import (
	"errors"
	"reflect"
	"slices"
	"testing"
	"time"
)

var (
	t0  = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	t1  = t0.Add(time.Hour)
	due = t0.Add(72 * time.Hour)
)

// validStep is a step of action a whose own content is acceptable, so only
// the state decides whether Apply takes it.
func validStep(a Action) Step {
	st := Step{Action: a, Actor: "op", At: t1}
	switch a {
	case Reject:
		st.PublicNote = "不属于受理范围"
	case Dispatch:
		st.Assignee, st.DueAt = "wang", due
	case Resolve:
		st.PublicNote = "已处理"
	case Rate:
		st.Rating = Satisfied
	case Note:
		st.InternalNote = "已电话联系"
	case Join:
		st.Token = "0123456789abcdef0123456789abcdef"
	}
	return st
}

// inState is a report in state s with one submit event and version 3.
func inState(s Status) Report {
	return Report{
		ID: "K7M2QXABP", Status: s, Version: 3, CreatedAt: t0, UpdatedAt: t0,
		Timeline: []Event{{At: t0, Action: Submit, Status: Submitted}},
	}
}

// TestApplyEveryActionFromEveryState is the loop of docs/ARCHITECTURE.md
// written out again by hand, independently of Loop: the states each action
// may start from, and the state it leads to.
func TestApplyEveryActionFromEveryState(t *testing.T) {
	all := Statuses()
	rules := []struct {
		action Action
		from   []Status
		to     Status // "" keeps the state
	}{
		{Submit, nil, ""},
		{Accept, []Status{Submitted, Reopened}, Accepted},
		{Reject, []Status{Submitted, Reopened}, Rejected},
		{Dispatch, []Status{Accepted, Reopened, Dispatched, InProgress}, Dispatched},
		{Take, []Status{Dispatched}, InProgress},
		{Resolve, []Status{Dispatched, InProgress}, Resolved},
		{Rate, []Status{Resolved}, Closed},
		{AutoClose, []Status{Resolved}, Closed},
		{Note, all, ""},
		{Publish, []Status{Resolved, Closed}, ""},
	}
	for _, rule := range rules {
		for _, s := range all {
			allowed := slices.Contains(rule.from, s)
			t.Run(string(rule.action)+"/"+string(s), func(t *testing.T) {
				before := inState(s)
				if got := Allowed(s, rule.action); got != allowed {
					t.Errorf("Allowed(%s, %s) = %v, want %v", s, rule.action, got, allowed)
				}
				got, err := Apply(before, validStep(rule.action))
				if !allowed {
					if !errors.Is(err, ErrNotAllowed) {
						t.Fatalf("Apply: err = %v, want ErrNotAllowed", err)
					}
					if !reflect.DeepEqual(got, inState(s)) {
						t.Errorf("a refused step changed the report: %+v", got)
					}
					return
				}
				if err != nil {
					t.Fatalf("Apply: %v", err)
				}
				want := rule.to
				if want == "" {
					want = s
				}
				if got.Status != want {
					t.Errorf("status %s, want %s", got.Status, want)
				}
				if got.Version != before.Version+1 || !got.UpdatedAt.Equal(t1) {
					t.Errorf("version %d updated %v, want %d and %v", got.Version, got.UpdatedAt, before.Version+1, t1)
				}
				if len(got.Timeline) != 2 {
					t.Fatalf("timeline has %d events, want 2", len(got.Timeline))
				}
				ev := got.Timeline[1]
				if ev.Action != rule.action || ev.Status != want || ev.Actor != "op" || !ev.At.Equal(t1) {
					t.Errorf("appended event %+v", ev)
				}
			})
		}
	}
}

// TestApplyRefusesBadContent checks each step's own requirements: the report
// comes back unchanged with an error saying what is missing.
func TestApplyRefusesBadContent(t *testing.T) {
	tests := []struct {
		name string
		from Status
		step Step
		want error
	}{
		{"reject without reason", Submitted, Step{Action: Reject, At: t1}, ErrReasonRequired},
		{"resolve without reply", InProgress, Step{Action: Resolve, At: t1, Photos: []string{"p"}}, ErrReplyRequired},
		{"dispatch to nobody", Accepted, Step{Action: Dispatch, At: t1, DueAt: due}, ErrAssigneeRequired},
		{"dispatch to both", Accepted, Step{Action: Dispatch, At: t1, Assignee: "wang", Unit: "城建办", DueAt: due}, ErrAssigneeRequired},
		{"dispatch without due", Accepted, Step{Action: Dispatch, At: t1, Assignee: "wang"}, ErrDueRequired},
		{"dispatch due in the past", Accepted, Step{Action: Dispatch, At: t1, Assignee: "wang", DueAt: t0}, ErrDueRequired},
		{"dispatch due right now", Accepted, Step{Action: Dispatch, At: t1, Assignee: "wang", DueAt: t1}, ErrDueRequired},
		{"rating not one of three", Resolved, Step{Action: Rate, At: t1, Rating: "great"}, ErrRatingInvalid},
		{"rating empty", Resolved, Step{Action: Rate, At: t1}, ErrRatingInvalid},
		{"empty note", Submitted, Step{Action: Note, At: t1, PublicNote: "公开的"}, ErrNoteRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Apply(inState(tt.from), tt.step)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !reflect.DeepEqual(got, inState(tt.from)) {
				t.Errorf("a refused step changed the report: %+v", got)
			}
		})
	}
}

// TestActionsOffered lists the staff actions each state offers, in order.
func TestActionsOffered(t *testing.T) {
	want := map[Status][]Action{
		Submitted:  {Accept, Reject},
		Accepted:   {Dispatch},
		Rejected:   nil,
		Dispatched: {Dispatch, Take, Resolve},
		InProgress: {Dispatch, Resolve},
		Resolved:   {Publish},
		Closed:     {Publish},
		Reopened:   {Accept, Reject, Dispatch},
	}
	for _, s := range Statuses() {
		t.Run(string(s), func(t *testing.T) {
			if got := Actions(s); !slices.Equal(got, want[s]) {
				t.Errorf("Actions(%s) = %v, want %v", s, got, want[s])
			}
		})
	}
}

// TestDeadlineMarks checks Overdue and DueSoon around the due time.
func TestDeadlineMarks(t *testing.T) {
	r := inState(Dispatched)
	r.DueAt = t1
	tests := []struct {
		name             string
		status           Status
		now              time.Time
		overdue, dueSoon bool
	}{
		{"well before", Dispatched, t1.Add(-5 * time.Hour), false, false},
		{"within four hours", Dispatched, t1.Add(-4 * time.Hour), false, true},
		{"at the due time", InProgress, t1, false, true},
		{"past it", InProgress, t1.Add(time.Second), true, false},
		{"resolved late is not overdue any more", Resolved, t1.Add(time.Hour), false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r.Status = tt.status
			if got := r.Overdue(tt.now); got != tt.overdue {
				t.Errorf("Overdue = %v, want %v", got, tt.overdue)
			}
			if got := r.DueSoon(tt.now, 4*time.Hour); got != tt.dueSoon {
				t.Errorf("DueSoon = %v, want %v", got, tt.dueSoon)
			}
		})
	}
}

// TestApplyDoesNotShareMemory applies two steps to the same report: neither
// result may see the other's timeline entry or photos.
func TestApplyDoesNotShareMemory(t *testing.T) {
	at := time.Date(2026, 3, 28, 4, 0, 0, 0, time.UTC)
	base := Report{Status: InProgress, Timeline: make([]Event, 1, 8), AfterPhotos: make([]string, 0, 8)}
	a, err := Apply(base, Step{Action: Resolve, At: at, PublicNote: "a", Photos: []string{"pa"}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Apply(base, Step{Action: Resolve, At: at, PublicNote: "b", Photos: []string{"pb"}})
	if err != nil {
		t.Fatal(err)
	}
	if a.Timeline[1].PublicNote != "a" || a.AfterPhotos[0] != "pa" {
		t.Fatalf("the second Apply overwrote the first result: %q %v", a.Timeline[1].PublicNote, a.AfterPhotos)
	}
	if b.Timeline[1].PublicNote != "b" || b.AfterPhotos[0] != "pb" {
		t.Fatalf("second result wrong: %q %v", b.Timeline[1].PublicNote, b.AfterPhotos)
	}
}

func TestUnsatisfiedRatingReturnsTheReportToTheOperators(t *testing.T) {
	at := time.Date(2026, 3, 28, 4, 0, 0, 0, time.UTC)
	r := Report{Status: Resolved, Assignee: "wang", DueAt: at.Add(-time.Hour)}
	next, err := Apply(r, Step{Action: Rate, At: at, Rating: Unsatisfied})
	if err != nil {
		t.Fatal(err)
	}
	if next.Status != Reopened || next.Assignee != "" || next.Unit != "" {
		t.Fatalf("status %s, assignee %q, unit %q: want reopened and unassigned", next.Status, next.Assignee, next.Unit)
	}
	if !next.DueAt.Equal(r.DueAt) {
		t.Error("the due time the first resolution is judged by was lost")
	}
}
