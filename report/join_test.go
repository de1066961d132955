package report

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// TestJoinCountsEachTokenOnce: a second resident's 我也遇到 adds one to
// the count; the same form pressed again adds what it sends (a note, a
// photo) to that resident's entry and counts nothing.
func TestJoinCountsEachTokenOnce(t *testing.T) {
	r := inState(Dispatched)
	first := Step{Action: Join, At: t1, Token: "aaaa", InternalNote: "3号楼门口也不亮"}
	r, err := Apply(r, first)
	if err != nil {
		t.Fatal(err)
	}
	again := Step{Action: Join, At: t1.Add(time.Minute), Token: "aaaa", Photos: []string{"p1"}}
	if r, err = Apply(r, again); err != nil {
		t.Fatal(err)
	}
	other := Step{Action: Join, At: t1.Add(2 * time.Minute), Token: "bbbb"}
	if r, err = Apply(r, other); err != nil {
		t.Fatal(err)
	}
	if r.Joined != 2 || len(r.Joiners) != 2 || r.Residents() != 3 {
		t.Fatalf("Joined %d, %d joiners, Residents %d; want 2, 2, 3", r.Joined, len(r.Joiners), r.Residents())
	}
	j := r.Joiners[0]
	if j.Token != "aaaa" || j.Note != "3号楼门口也不亮" || !slices.Equal(j.Photos, []string{"p1"}) || !j.At.Equal(t1) {
		t.Errorf("first joiner = %+v; want token aaaa, its note, photo p1, at its first press", j)
	}
	if r.Status != Dispatched {
		t.Errorf("status %s after joins; want dispatched (unchanged)", r.Status)
	}
	for _, e := range r.Timeline {
		if e.Action == Join && len(e.Photos) > 0 {
			t.Errorf("a join event carries photos %v: Event.Photos is public, a joiner's are for staff", e.Photos)
		}
	}
	if !r.HasJoined("aaaa") || r.HasJoined("cccc") {
		t.Error("HasJoined does not tell the tokens that joined")
	}
}

// TestJoinRefused: no joining a finished or resolved report, nor without a
// token.
func TestJoinRefused(t *testing.T) {
	for _, s := range []Status{Resolved, Closed, Rejected} {
		if _, err := Apply(inState(s), Step{Action: Join, At: t1, Token: "aaaa"}); !errors.Is(err, ErrNotAllowed) {
			t.Errorf("join from %s: err %v; want ErrNotAllowed", s, err)
		}
	}
	if _, err := Apply(inState(Submitted), Step{Action: Join, At: t1}); !errors.Is(err, ErrTokenRequired) {
		t.Errorf("join without a token: err %v; want ErrTokenRequired", err)
	}
}
