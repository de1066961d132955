package report

import (
	"slices"
	"testing"
	"time"
)

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
