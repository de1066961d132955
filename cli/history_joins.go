package cli

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"time"

	"gridline/report"
)

// Residents who press 我也遇到 on a report still open: 12% of reports get
// one more resident, and as many again with falling chance (about 1.7 on
// average), each some 20 minutes to a day after the one before, moved into
// waking hours (7–23); one in five leaves a note. A join planned for a time
// the report no longer takes residents (resolved, closed) does not happen.
//
// Joins are drawn from a random source of their own, seeded by the tracking
// code, so they change nothing else a seed makes: the same codes, timelines,
// shares and figures as without them.
const (
	joinShare     = 0.12
	joinMoreShare = 0.4 // each further resident
	joinNoteShare = 0.2
	joinMost      = 8
)

var joinNotes = []string{"我家楼下也是这样", "每天晚上都这样，希望尽快处理", "已经好几天了", "老人孩子出门很不方便"}

// joinPlan lists the 我也遇到 steps planned for r, in time order.
func (g *history) joinPlan(r report.Report) []report.Step {
	h := fnv.New64a()
	h.Write([]byte(r.ID))
	rng := rand.New(rand.NewPCG(h.Sum64(), 0x6a6f696e)) // "join"
	if rng.Float64() >= joinShare {
		return nil
	}
	var steps []report.Step
	at := r.CreatedAt
	for len(steps) == 0 || len(steps) < joinMost && rng.Float64() < joinMoreShare {
		wait := 20 + min(rng.ExpFloat64(), 8)*12*60 // minutes
		at = awake(at.Add(time.Duration(wait*float64(time.Minute))).Round(time.Second), g.loc, rng)
		st := report.Step{Action: report.Join, At: at, Token: fmt.Sprintf("%016x%016x", rng.Uint64(), rng.Uint64())}
		if rng.Float64() < joinNoteShare {
			st.InternalNote = pick(rng, joinNotes)
		}
		steps = append(steps, st)
	}
	return steps
}

// awake moves t forward into 7–23 in loc, to a random minute of 7 o'clock.
func awake(t time.Time, loc *time.Location, rng *rand.Rand) time.Time {
	lt := t.In(loc)
	if h := lt.Hour(); h >= 7 && h < 23 {
		return lt
	}
	if lt.Hour() >= 23 {
		lt = lt.AddDate(0, 0, 1)
	}
	y, m, d := lt.Date()
	return time.Date(y, m, d, 7, 0, 0, 0, loc).Add(time.Duration(rng.IntN(60*60)) * time.Second)
}

// joinBefore applies the planned joins made before t, while the report
// still takes residents; the rest of those before t are dropped.
func (l *life) joinBefore(t time.Time) {
	for len(l.joins) > 0 && l.joins[0].At.Before(t) && l.err == nil {
		st := l.joins[0]
		l.joins = l.joins[1:]
		if !st.At.Before(l.now) || !report.Allowed(l.r.Status, report.Join) {
			continue
		}
		r, err := report.Apply(l.r, st)
		if err != nil {
			l.err = fmt.Errorf("history: report %s: join at %s: %w", l.r.ID, st.At.Format(time.DateTime), err)
			return
		}
		l.r = r
	}
}
