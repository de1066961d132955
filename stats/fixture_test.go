package stats

import (
	"testing"
	"time"

	"gridline/report"
)

// cst is China Standard Time, fixed so the tests need no tz database.
var cst = time.FixedZone("CST", 8*3600)

// mar is a time in March 2025, China time.
func mar(day, hour, minute int) time.Time { return time.Date(2025, 3, day, hour, minute, 0, 0, cst) }

// hours is a duration of h hours.
func hours(h float64) time.Duration { return time.Duration(h * float64(time.Hour)) }

// Steps of the loop, as staff and residents take them.
func accept(at time.Time) report.Step {
	return report.Step{Action: report.Accept, Actor: "op", At: at}
}

func reject(at time.Time) report.Step {
	return report.Step{Action: report.Reject, Actor: "op", At: at, PublicNote: "不属于受理范围"}
}

func dispatch(at, due time.Time, worker string) report.Step {
	return report.Step{Action: report.Dispatch, Actor: "op", At: at, Assignee: worker, DueAt: due}
}

func take(at time.Time) report.Step {
	return report.Step{Action: report.Take, Actor: "w", At: at}
}

func resolve(at time.Time) report.Step {
	return report.Step{Action: report.Resolve, Actor: "w", At: at, PublicNote: "已处理"}
}

func rate(at time.Time, r report.Rating) report.Step {
	return report.Step{Action: report.Rate, At: at, Rating: r}
}

func autoClose(at time.Time) report.Step {
	return report.Step{Action: report.AutoClose, At: at}
}

func note(at time.Time) report.Step {
	return report.Step{Action: report.Note, Actor: "op", At: at, InternalNote: "电话回访"}
}

func join(at time.Time, token string) report.Step {
	return report.Step{Action: report.Join, At: at, Token: token}
}

// walk submits a report the way the report form does and takes it through
// steps with report.Apply, failing the test on a step the loop refuses.
func walk(t *testing.T, id, community, street string, at time.Time, steps ...report.Step) report.Report {
	t.Helper()
	r := report.Report{
		ID: id, Community: community, Street: street, Category: "市容环境",
		Description: "路灯不亮", Status: report.Submitted,
		Timeline:  []report.Event{{At: at, Action: report.Submit, Status: report.Submitted}},
		CreatedAt: at, UpdatedAt: at,
	}
	for _, st := range steps {
		var err error
		if r, err = report.Apply(r, st); err != nil {
			t.Fatalf("%s: %s at %s: %v", id, st.Action, st.At, err)
		}
	}
	return r
}

// The fixture's places. 东华门街道 sorts after 安定门街道 by pinyin though
// 东 (U+4E1C) comes before 安 (U+5B89) by code point.
const (
	andingmen  = "安定门街道"
	donghuamen = "东华门街道"
	codeA      = "aaa111" // 北锣鼓巷社区, 安定门街道
	codeB      = "bbb222" // 国子监社区, 安定门街道
	codeC      = "ccc333" // 韶九社区, 东华门街道
	codeD      = "ddd444" // 多福巷社区, 东华门街道: no reports
	codeX      = "zzz999" // not in the list
)

var (
	period = Period{From: mar(1, 0, 0), To: time.Date(2025, 4, 1, 0, 0, 0, 0, cst)}
	now    = time.Date(2025, 4, 10, 12, 0, 0, 0, cst)
)

func communities() []Community {
	return []Community{
		{Code: codeC, Name: "韶九社区", Street: donghuamen},
		{Code: codeA, Name: "北锣鼓巷社区", Street: andingmen},
		{Code: codeD, Name: "多福巷社区", Street: donghuamen},
		{Code: codeB, Name: "国子监社区", Street: andingmen},
	}
}

// fixture is the hand-built set of reports. The comment on each says what it
// adds to its row; the expected numbers are worked out in summary_test.go.
func fixture(t *testing.T) []report.Report {
	t.Helper()
	return []report.Report{
		// R1 (A): submitted exactly at From (counted), rejected.
		walk(t, "R1", codeA, andingmen, mar(1, 0, 0), reject(mar(1, 10, 0))),
		// R2 (A): accepted 2 h, resolved 9 h after dispatch, on time, 满意.
		walk(t, "R2", codeA, andingmen, mar(4, 8, 0),
			accept(mar(4, 10, 0)), dispatch(mar(4, 11, 0), mar(5, 11, 0), "w1"), take(mar(4, 12, 0)),
			resolve(mar(4, 20, 0)), rate(mar(5, 9, 0), report.Satisfied)),
		// R3 (A): accepted 4 h, resolved 48 h after dispatch, 24 h late, 基本满意.
		walk(t, "R3", codeA, andingmen, mar(6, 8, 0),
			accept(mar(6, 12, 0)), dispatch(mar(6, 13, 0), mar(7, 13, 0), "w1"), take(mar(6, 14, 0)),
			resolve(mar(8, 13, 0)), rate(mar(9, 10, 0), report.BasicSatisfied)),
		// R4 (A): accepted 1 h, resolved 6 h after dispatch, 不满意 → reopened,
		// accepted and dispatched again, resolved 22 h after that, 满意.
		// Dispatched again after its first resolution: on-time unknown.
		walk(t, "R4", codeA, andingmen, mar(10, 8, 0),
			accept(mar(10, 9, 0)), dispatch(mar(10, 10, 0), mar(11, 10, 0), "w1"), take(mar(10, 11, 0)),
			resolve(mar(10, 16, 0)), rate(mar(11, 9, 0), report.Unsatisfied),
			accept(mar(11, 10, 0)), dispatch(mar(11, 11, 0), mar(12, 11, 0), "w2"), take(mar(11, 12, 0)),
			note(mar(11, 13, 0)), resolve(mar(12, 9, 0)), rate(mar(12, 18, 0), report.Satisfied)),
		// R5 (A): accepted 0.5 h, resolved 12 h after dispatch without 接单,
		// on time, closed automatically (no rating).
		walk(t, "R5", codeA, andingmen, mar(13, 8, 0),
			accept(mar(13, 8, 30)), dispatch(mar(13, 9, 0), mar(14, 9, 0), "w1"),
			resolve(mar(13, 21, 0)), autoClose(mar(20, 21, 0))),
		// R6 (A): submitted before the period, handled in it: not counted.
		walk(t, "R6", codeA, andingmen, time.Date(2025, 2, 28, 23, 0, 0, 0, cst),
			accept(mar(1, 9, 0)), dispatch(mar(1, 10, 0), mar(2, 10, 0), "w1"), resolve(mar(1, 12, 0))),
		// R11 (A): submitted exactly at To: not counted.
		walk(t, "R11", codeA, andingmen, period.To),
		// R7 (B): accepted 2 h, dispatched, taken, past due at now: overdue.
		walk(t, "R7", codeB, andingmen, mar(20, 8, 0),
			accept(mar(20, 10, 0)), dispatch(mar(20, 12, 0), mar(22, 12, 0), "w3"), take(mar(21, 9, 0))),
		// R8 (B): only submitted, and two more residents pressed 我也遇到
		// (one of them twice, with the same form: counted once).
		walk(t, "R8", codeB, andingmen, mar(25, 8, 0),
			join(mar(25, 9, 0), "form-1"), join(mar(25, 10, 0), "form-2"), join(mar(25, 10, 5), "form-1")),
		// R9 (B): accepted 6 h, dispatched, reassigned with a later deadline,
		// resolved 24 h after the reassignment (the latest dispatch), on time
		// for the deadline in force (3/18 09:00) though not the first one.
		walk(t, "R9", codeB, andingmen, mar(15, 8, 0),
			accept(mar(15, 14, 0)), dispatch(mar(15, 15, 0), mar(16, 15, 0), "w3"),
			dispatch(mar(16, 9, 0), mar(18, 9, 0), "w4"), resolve(mar(17, 9, 0))),
		// R10 (C, the other street): accepted 3 h, resolved 24 h after
		// dispatch exactly at the deadline (on time), 不满意 → reopened, then
		// rejected: resolved and rejected both.
		walk(t, "R10", codeC, donghuamen, mar(5, 8, 0),
			accept(mar(5, 11, 0)), dispatch(mar(5, 12, 0), mar(6, 12, 0), "w5"),
			resolve(mar(6, 12, 0)), rate(mar(7, 9, 0), report.Unsatisfied), reject(mar(8, 10, 0))),
		// R13 (C): submitted in the period, accepted 10 h later (after To),
		// dispatched, not yet due at now.
		walk(t, "R13", codeC, donghuamen, mar(31, 22, 0),
			accept(time.Date(2025, 4, 1, 8, 0, 0, 0, cst)),
			dispatch(time.Date(2025, 4, 9, 12, 0, 0, 0, cst), time.Date(2025, 4, 11, 12, 0, 0, 0, cst), "w5")),
		// R12: a community not in the list (street "—"), accepted 1 h.
		walk(t, "R12", codeX, "", mar(18, 8, 0), accept(mar(18, 9, 0))),
	}
}
