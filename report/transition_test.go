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

// effectCase is one step and what it must write besides the state.
type effectCase struct {
	name  string
	from  Report
	step  Step
	check func(t *testing.T, r Report)
}

// runEffects applies each case's step, checks the version and timeline
// every step bumps, then what the case says it writes.
func runEffects(t *testing.T, tests []effectCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Apply(tt.from, tt.step)
			if err != nil {
				t.Fatalf("Apply: %v", err)
			}
			if got.Version != tt.from.Version+1 || len(got.Timeline) != len(tt.from.Timeline)+1 {
				t.Errorf("version %d timeline %d, want %d and %d", got.Version, len(got.Timeline), tt.from.Version+1, len(tt.from.Timeline)+1)
			}
			tt.check(t, got)
		})
	}
}

// TestApplyAcceptAndDispatchEffects checks the times, assignee and unit
// accepting and dispatching write.
func TestApplyAcceptAndDispatchEffects(t *testing.T) {
	earlier := t0.Add(-48 * time.Hour)
	runEffects(t, []effectCase{
		{
			name: "first accept stamps AcceptedAt",
			from: inState(Submitted), step: validStep(Accept),
			check: func(t *testing.T, r Report) {
				if !r.AcceptedAt.Equal(t1) {
					t.Errorf("AcceptedAt %v, want %v", r.AcceptedAt, t1)
				}
			},
		},
		{
			name: "accepting a reopened report keeps the first AcceptedAt",
			from: func() Report { r := inState(Reopened); r.AcceptedAt = earlier; return r }(),
			step: validStep(Accept),
			check: func(t *testing.T, r Report) {
				if !r.AcceptedAt.Equal(earlier) {
					t.Errorf("AcceptedAt %v, want the first %v", r.AcceptedAt, earlier)
				}
			},
		},
		{
			name: "dispatch records assignee, due and time",
			from: inState(Accepted), step: validStep(Dispatch),
			check: func(t *testing.T, r Report) {
				if r.Assignee != "wang" || r.Unit != "" || !r.DueAt.Equal(due) || !r.DispatchedAt.Equal(t1) {
					t.Errorf("assignee %q unit %q due %v dispatched %v", r.Assignee, r.Unit, r.DueAt, r.DispatchedAt)
				}
			},
		},
		{
			name: "re-dispatching to a unit replaces the worker and goes back to dispatched",
			from: func() Report {
				r := inState(InProgress)
				r.Assignee, r.DueAt, r.DispatchedAt, r.AcceptedAt = "wang", earlier, earlier, earlier
				return r
			}(),
			step: Step{Action: Dispatch, Actor: "op", At: t1, Unit: "镇城建办", DueAt: due},
			check: func(t *testing.T, r Report) {
				if r.Status != Dispatched || r.Assignee != "" || r.Unit != "镇城建办" || !r.DueAt.Equal(due) || !r.DispatchedAt.Equal(t1) {
					t.Errorf("status %s assignee %q unit %q due %v dispatched %v", r.Status, r.Assignee, r.Unit, r.DueAt, r.DispatchedAt)
				}
				if !r.AcceptedAt.Equal(earlier) {
					t.Errorf("AcceptedAt moved to %v", r.AcceptedAt)
				}
			},
		},
	})
}

// TestApplyResolveAndRateEffects checks what a resolution and the
// resident's verdict write, and the acceptance a reopened dispatch implies.
func TestApplyResolveAndRateEffects(t *testing.T) {
	earlier := t0.Add(-48 * time.Hour)
	runEffects(t, []effectCase{
		{
			name: "dispatching a reopened report never accepted stamps AcceptedAt",
			from: inState(Reopened), step: validStep(Dispatch),
			check: func(t *testing.T, r Report) {
				if !r.AcceptedAt.Equal(t1) {
					t.Errorf("AcceptedAt %v, want %v", r.AcceptedAt, t1)
				}
			},
		},
		{
			name: "resolve keeps the reply and adds after-photos",
			from: func() Report { r := inState(InProgress); r.AfterPhotos = []string{"p1"}; r.Reply = "旧的"; return r }(),
			step: Step{Action: Resolve, Actor: "wang", At: t1, PublicNote: "已更换路灯", Photos: []string{"p2", "p3"}},
			check: func(t *testing.T, r Report) {
				if r.Reply != "已更换路灯" || !r.ResolvedAt.Equal(t1) || !slices.Equal(r.AfterPhotos, []string{"p1", "p2", "p3"}) {
					t.Errorf("reply %q resolved %v after-photos %v", r.Reply, r.ResolvedAt, r.AfterPhotos)
				}
				if ev := r.Timeline[len(r.Timeline)-1]; !slices.Equal(ev.Photos, []string{"p2", "p3"}) || ev.PublicNote != "已更换路灯" {
					t.Errorf("event %+v", ev)
				}
			},
		},
		{
			name: "a satisfied rating closes",
			from: inState(Resolved),
			step: Step{Action: Rate, At: t1, Rating: BasicSatisfied, PublicNote: "还行"},
			check: func(t *testing.T, r Report) {
				if r.Status != Closed || r.Rating != BasicSatisfied || r.Comment != "还行" || !r.ClosedAt.Equal(t1) || r.Reopens != 0 {
					t.Errorf("status %s rating %s comment %q closed %v reopens %d", r.Status, r.Rating, r.Comment, r.ClosedAt, r.Reopens)
				}
			},
		},
		{
			name: "an unsatisfied rating reopens, counts and clears ClosedAt",
			from: func() Report { r := inState(Resolved); r.Reopens, r.ClosedAt = 1, earlier; return r }(),
			step: Step{Action: Rate, At: t1, Rating: Unsatisfied, PublicNote: "没修好"},
			check: func(t *testing.T, r Report) {
				if r.Status != Reopened || r.Reopens != 2 || !r.ClosedAt.IsZero() || r.Rating != Unsatisfied {
					t.Errorf("status %s reopens %d closed %v rating %s", r.Status, r.Reopens, r.ClosedAt, r.Rating)
				}
			},
		},
	})
}

// TestApplyClosingAndKeepingEffects checks the steps that close a report
// and those that keep its state.
func TestApplyClosingAndKeepingEffects(t *testing.T) {
	runEffects(t, []effectCase{
		{
			name: "auto-close closes with the system as actor",
			from: inState(Resolved),
			step: Step{Action: AutoClose, At: t1, Actor: "system"},
			check: func(t *testing.T, r Report) {
				last := r.Timeline[len(r.Timeline)-1]
				if r.Status != Closed || !r.ClosedAt.Equal(t1) || last.Actor != "system" || r.LastActor() != "" {
					t.Errorf("status %s closed %v event actor %q, LastActor %q (staff only)", r.Status, r.ClosedAt, last.Actor, r.LastActor())
				}
			},
		},
		{
			name: "reject closes with the public reason",
			from: inState(Submitted), step: validStep(Reject),
			check: func(t *testing.T, r Report) {
				if !r.ClosedAt.Equal(t1) || r.Timeline[1].PublicNote != "不属于受理范围" {
					t.Errorf("closed %v event %+v", r.ClosedAt, r.Timeline[1])
				}
			},
		},
		{
			name: "publish toggles",
			from: func() Report { r := inState(Closed); r.Published = true; return r }(),
			step: validStep(Publish),
			check: func(t *testing.T, r Report) {
				if r.Published || r.Status != Closed {
					t.Errorf("published %v status %s", r.Published, r.Status)
				}
			},
		},
		{
			name: "a note keeps the state and records the internal text",
			from: inState(Dispatched), step: validStep(Note),
			check: func(t *testing.T, r Report) {
				if ev := r.Timeline[1]; r.Status != Dispatched || ev.InternalNote != "已电话联系" || ev.Status != Dispatched {
					t.Errorf("status %s event %+v", r.Status, ev)
				}
			},
		},
	})
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
