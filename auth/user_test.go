package auth_test

import (
	"strings"
	"testing"

	"gridline/auth"
	"gridline/report"
)

// Two streets, each with one community; the worker serves the first.
const (
	street, otherStreet = "北山口镇", "南河街道"
	com, otherCom       = "K7M2QX", "9HT4PA"
)

var (
	admin    = auth.User{Username: "root", Role: auth.Admin}
	operator = auth.User{Username: "op", Role: auth.Operator, Street: street}
	worker   = auth.User{Username: "wang", Role: auth.Worker, Communities: []string{com}}
)

// allActions is every action of the loop, including those staff never take.
var allActions = []report.Action{
	report.Submit, report.Accept, report.Reject, report.Dispatch, report.Take,
	report.Resolve, report.Rate, report.AutoClose, report.Note, report.Publish,
}

// staffActions are what operators and admins decide.
var staffActions = []report.Action{report.Accept, report.Reject, report.Dispatch, report.Publish, report.Note}

// TestPermissions checks every role against reports of its own and another
// street or community, assigned to a worker, to a unit, or to nobody, for
// every action. The state is not the permission's business (Apply checks it).
func TestPermissions(t *testing.T) {
	reports := permissionReports()
	for _, tt := range permissionCases() {
		t.Run(string(tt.user.Role)+"/"+tt.report, func(t *testing.T) {
			r, ok := reports[tt.report]
			if !ok {
				t.Fatalf("no report %q", tt.report)
			}
			if got := tt.user.SeesReport(r); got != tt.sees {
				t.Errorf("SeesReport = %v, want %v", got, tt.sees)
			}
			for _, a := range allActions {
				want := false
				for _, m := range tt.may {
					want = want || m == a
				}
				if got := tt.user.May(a, r); got != want {
					t.Errorf("May(%s) = %v, want %v", a, got, want)
				}
			}
		})
	}
}

// permissionReports are TestPermissions' reports, by what they are.
func permissionReports() map[string]report.Report {
	return map[string]report.Report{
		"own street, unassigned":           {Street: street, Community: com},
		"own street, dispatched to wang":   {Street: street, Community: com, Assignee: "wang"},
		"own street, dispatched to li":     {Street: street, Community: com, Assignee: "li"},
		"own street, dispatched to a unit": {Street: street, Community: com, Unit: "镇城建办"},
		"other street, unassigned":         {Street: otherStreet, Community: otherCom},
		"other street, dispatched to a unit": {
			Street: otherStreet, Community: otherCom, Unit: "街道城管科"},
		"other street, dispatched to wang": {Street: otherStreet, Community: otherCom, Assignee: "wang"},
	}
}

// permissionCase is what user sees of, and may do to, the report named.
type permissionCase struct {
	user   auth.User
	report string
	sees   bool
	may    []report.Action
}

// permissionCases are TestPermissions' expectations, role by role.
func permissionCases() []permissionCase {
	return []permissionCase{
		{admin, "own street, unassigned", true, staffActions},
		{admin, "own street, dispatched to wang", true, staffActions},
		{admin, "own street, dispatched to a unit", true, append(staffActions, report.Take, report.Resolve)},
		{admin, "other street, unassigned", true, staffActions},
		{admin, "other street, dispatched to a unit", true, append(staffActions, report.Take, report.Resolve)},

		{operator, "own street, unassigned", true, staffActions},
		{operator, "own street, dispatched to wang", true, staffActions},
		{operator, "own street, dispatched to li", true, staffActions},
		{operator, "own street, dispatched to a unit", true, append(staffActions, report.Take, report.Resolve)},
		{operator, "other street, unassigned", false, nil},
		{operator, "other street, dispatched to a unit", false, nil},
		{operator, "other street, dispatched to wang", false, nil},

		{worker, "own street, unassigned", false, nil},
		{worker, "own street, dispatched to wang", true, []report.Action{report.Take, report.Resolve, report.Note}},
		{worker, "own street, dispatched to li", false, nil},
		{worker, "own street, dispatched to a unit", false, nil},
		{worker, "other street, unassigned", false, nil},
		{worker, "other street, dispatched to a unit", false, nil},
		// Workers see what is dispatched to them (README: "only reports
		// dispatched to them"); the dispatch form offers only a community's own workers.
		{worker, "other street, dispatched to wang", true, []report.Action{report.Take, report.Resolve, report.Note}},
	}
}

// TestDisabledRoleSeesNothing checks an account with no valid role.
func TestDisabledRoleSeesNothing(t *testing.T) {
	u := auth.User{Username: "x", Role: "superuser", Street: street, Communities: []string{com}}
	r := report.Report{Street: street, Community: com, Assignee: "x", Unit: ""}
	if u.SeesCommunity(street, com) || u.SeesReport(r) || u.Manages() {
		t.Error("an unknown role sees or manages something")
	}
	for _, a := range allActions {
		if u.May(a, r) {
			t.Errorf("an unknown role may %s", a)
		}
	}
}

func TestSeesCommunity(t *testing.T) {
	tests := []struct {
		user          auth.User
		street, code  string
		sees, manages bool
	}{
		{admin, otherStreet, otherCom, true, true},
		{operator, street, com, true, false},
		{operator, street, otherCom, true, false}, // any community of their street
		{operator, otherStreet, otherCom, false, false},
		{worker, street, com, true, false},
		{worker, street, otherCom, false, false},
		{worker, otherStreet, com, true, false}, // by code: a community keeps its code when it moves
	}
	for _, tt := range tests {
		t.Run(string(tt.user.Role)+"/"+tt.street+"/"+tt.code, func(t *testing.T) {
			if got := tt.user.SeesCommunity(tt.street, tt.code); got != tt.sees {
				t.Errorf("SeesCommunity = %v, want %v", got, tt.sees)
			}
			if got := tt.user.Manages(); got != tt.manages {
				t.Errorf("Manages = %v, want %v", got, tt.manages)
			}
		})
	}
}

func TestCheckUser(t *testing.T) {
	tests := []struct {
		name string
		user auth.User
		want string
	}{
		{"admin", auth.User{Username: "root", Role: auth.Admin}, ""},
		{"operator", auth.User{Username: "op.1", Role: auth.Operator, Street: street}, ""},
		{"worker", auth.User{Username: "wang_li-2", Role: auth.Worker, Communities: []string{com}}, ""},
		{"short name", auth.User{Username: "a", Role: auth.Admin}, "admin.username_invalid"},
		{"long name", auth.User{Username: strings.Repeat("a", 33), Role: auth.Admin}, "admin.username_invalid"},
		{"space in name", auth.User{Username: "wang li", Role: auth.Admin}, "admin.username_invalid"},
		{"Chinese name", auth.User{Username: "王丽", Role: auth.Admin}, "admin.username_invalid"},
		{"slash in name", auth.User{Username: "a/b", Role: auth.Admin}, "admin.username_invalid"},
		{"no role", auth.User{Username: "root"}, "admin.role_invalid"},
		{"unknown role", auth.User{Username: "root", Role: "root"}, "admin.role_invalid"},
		{"operator without street", auth.User{Username: "op", Role: auth.Operator}, "admin.street_required"},
		{"worker without community", auth.User{Username: "wang", Role: auth.Worker, Street: street}, "admin.communities_required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := auth.CheckUser(tt.user); got != tt.want {
				t.Errorf("CheckUser = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestAdmits: a session works only for an enabled account and only in the
// epoch it began in, so re-enabling an account does not revive it.
func TestAdmits(t *testing.T) {
	tests := []struct {
		name  string
		user  auth.User
		epoch int64
		want  bool
	}{
		{"new account, first session", auth.User{}, 0, true},
		{"same epoch", auth.User{SessionEpoch: 3}, 3, true},
		{"session from before a disable or reset", auth.User{SessionEpoch: 3}, 2, false},
		{"session from a later epoch", auth.User{SessionEpoch: 3}, 4, false},
		{"disabled account", auth.User{SessionEpoch: 3, Disabled: true}, 3, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.user.Admits(tt.epoch); got != tt.want {
				t.Errorf("Admits(%d) = %v, want %v", tt.epoch, got, tt.want)
			}
		})
	}
}
