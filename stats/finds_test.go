package stats

import (
	"encoding/hex"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"gridline/report"
)

// patrol files a find the way the patrol form does, and takes it through steps.
func patrol(t *testing.T, id string, at time.Time, night bool, steps ...report.Step) report.Report {
	t.Helper()
	r := report.New(report.Submission{
		Community: codeA, Street: andingmen, Category: "安全隐患", Description: "消防通道堵塞",
		Source: report.FromPatrol, Actor: "w", Night: night,
	}, at)
	r.ID = id
	for _, st := range steps {
		var err error
		if r, err = report.Apply(r, st); err != nil {
			t.Fatalf("%s: %s: %v", id, st.Action, err)
		}
	}
	return r
}

func recheck(at time.Time, f report.Finding) report.Step {
	return report.Step{Action: report.Recheck, Actor: "w", At: at, Finding: f, Photos: []string{"p1"}}
}

// closeFor14Days rates a resolved report 满意 in a category that wants a
// re-check 14 days after closing.
func closeFor14Days(at time.Time) report.Step {
	st := rate(at, report.Satisfied)
	st.RecheckAfter = 14 * 24 * time.Hour
	return st
}

// findsFixture: two patrol finds (one at night) and re-checks: one held on
// time, one relapsed late, and a resident's report closed with a re-check
// still owed (not counted).
func findsFixture(t *testing.T) []report.Report {
	t.Helper()
	done := func(at time.Time) []report.Step {
		return []report.Step{dispatch(at.Add(time.Hour), at.Add(48*time.Hour), "w"), resolve(at.Add(5 * time.Hour)), closeFor14Days(at.Add(24 * time.Hour))}
	}
	held := append(done(mar(2, 10, 0)), recheck(mar(10, 9, 0), report.Held))     // due mar 17
	late := append(done(mar(3, 10, 0)), recheck(mar(25, 9, 0), report.Relapsed)) // due mar 18
	return []report.Report{
		patrol(t, "P1", mar(2, 10, 0), false, held...),
		patrol(t, "P2", mar(3, 10, 0), true, late...),
		walk(t, "R1", codeB, andingmen, mar(4, 10, 0), append([]report.Step{accept(mar(4, 10, 30))}, done(mar(4, 10, 0))...)...),
	}
}

// TestPatrolAndRecheckFigures works the figures out by hand and expects
// Compute and the tallies to agree with them.
func TestPatrolAndRecheckFigures(t *testing.T) {
	rs := findsFixture(t)
	want := Row{Received: 3, Patrol: 2, NightPatrol: 1, Rechecks: 2,
		RecheckOnTimeRate: Rate{N: 1, D: 2}, RelapseRate: Rate{N: 1, D: 2}}
	computed := Compute(rs, withUnknown(), period, now).Total
	tallied := Summarize(tallyOf(t, rs), withUnknown(), fixtureDays, nil).Total
	for name, got := range map[string]Row{"Compute": computed, "Summarize": tallied} {
		if got.Received != want.Received || got.Patrol != want.Patrol || got.NightPatrol != want.NightPatrol ||
			got.Rechecks != want.Rechecks || got.RecheckOnTimeRate != want.RecheckOnTimeRate || got.RelapseRate != want.RelapseRate {
			t.Errorf("%s: received %d, patrol %d, night %d, rechecks %d, on time %v, relapses %v; want %d, %d, %d, %d, %v, %v",
				name, got.Received, got.Patrol, got.NightPatrol, got.Rechecks, got.RecheckOnTimeRate, got.RelapseRate,
				want.Received, want.Patrol, want.NightPatrol, want.Rechecks, want.RecheckOnTimeRate, want.RelapseRate)
		}
	}
	if !reflect.DeepEqual(computed, tallied) {
		t.Errorf("tallies and timelines differ:\n%+v\n%+v", tallied, computed)
	}
	// The relapse reopened P2: it is back with the operators, no re-check owed.
	if p2 := rs[1]; p2.Status != report.Reopened || !p2.RecheckDue.IsZero() || p2.Relapses != 1 {
		t.Errorf("after a relapse: %s, re-check due %v, relapses %d", p2.Status, p2.RecheckDue, p2.Relapses)
	}
	if r1 := rs[2]; !r1.RecheckDue.Equal(mar(5, 10, 0).Add(14 * 24 * time.Hour)) {
		t.Errorf("re-check due %v, want 14 days after closing", r1.RecheckDue)
	}
}

// TestMonthFormat1StillReads decodes a tally written before patrols and
// re-checks existed (format 1, made by the previous version's code): its
// counts read as before, the new counters as zero.
func TestMonthFormat1StillReads(t *testing.T) {
	raw, err := os.ReadFile("testdata/month-format1.hex")
	if err != nil {
		t.Fatal(err)
	}
	b, err := hex.DecodeString(strings.TrimSpace(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	var m Month
	if err := m.UnmarshalBinary(b); err != nil {
		t.Fatalf("format 1: %v", err)
	}
	day := m.Communities[codeA].Days[3] // March 4th
	if day[nReceived] != 1 || day[nAccepted] != 1 || day[nPatrol] != 0 || day[nRechecks] != 0 {
		t.Errorf("format 1 counters %v", day)
	}
	if m.Counted["A"] != 1 {
		t.Errorf("counted %v", m.Counted)
	}
}
