package cli_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"gridline/auth"
	"gridline/cli"
	"gridline/database/dbtest"
	"gridline/store"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func newStore(t *testing.T) (*store.Store, auth.Hasher) {
	t.Helper()
	db, _ := dbtest.New(t)
	st := store.New(db, time.Now, store.Options{})
	if err := st.EnsureIndexes(context.Background()); err != nil {
		t.Fatal(err)
	}
	h, err := auth.NewHasher(bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	return st, h
}

func TestUserAdd(t *testing.T) {
	ctx := context.Background()
	st, hasher := newStore(t)
	com, err := st.CreateCommunity(ctx, "春和社区", "北山口镇")
	if err != nil {
		t.Fatal(err)
	}
	generated := regexp.MustCompile(`(?m)^password: (\S+)$`)
	for _, tt := range userAddCases(com.Code) {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := cli.User(ctx, st, hasher, tt.args, tt.stdin, &out); err != nil {
				t.Fatalf("user add: %v", err)
			}
			if !strings.Contains(out.String(), "created "+tt.want.Username+" ("+string(tt.want.Role)+")") {
				t.Errorf("output %q", out.String())
			}
			password := tt.password
			m := generated.FindStringSubmatch(out.String())
			switch {
			case password == "" && m == nil:
				t.Fatalf("no generated password printed: %q", out.String())
			case password != "" && m != nil:
				t.Errorf("printed a password although one was given: %q", out.String())
			case m != nil:
				password = m[1]
			}
			u, err := st.User(ctx, tt.want.Username)
			if err != nil {
				t.Fatal(err)
			}
			if u.Role != tt.want.Role || u.Street != tt.want.Street || !slices.Equal(u.Communities, tt.want.Communities) || u.Disabled {
				t.Errorf("stored %+v, want %+v", u, tt.want)
			}
			if !hasher.Check(u.Hash, password) {
				t.Errorf("the password %q does not sign in", password)
			}
			if string(u.Hash) == password || hasher.Check(u.Hash, password+"x") {
				t.Error("the stored hash is not a bcrypt hash of the password")
			}
		})
	}
}

// userAddCase is a "user add" command and the account it must create.
type userAddCase struct {
	name     string
	args     []string
	stdin    io.Reader
	password string // "" when one is generated
	want     auth.User
}

// userAddCases are TestUserAdd's commands; communityCode is the code of
// the one community.
func userAddCases(communityCode string) []userAddCase {
	return []userAddCase{
		{
			name:  "admin, password from stdin",
			args:  []string{"add", "--username", "root", "--role", "admin"},
			stdin: strings.NewReader("a-long-password\nignored second line\n"), password: "a-long-password",
			want: auth.User{Username: "root", Role: auth.Admin},
		},
		{
			name:  "password without a newline, CRLF trimmed",
			args:  []string{"add", "--username", "root2", "--role", "admin"},
			stdin: strings.NewReader("another password\r\n"), password: "another password",
			want: auth.User{Username: "root2", Role: auth.Admin},
		},
		{
			name:  "operator, empty stdin: generated",
			args:  []string{"add", "--username", "op1", "--role", "operator", "--street", "北山口镇"},
			stdin: strings.NewReader(""),
			want:  auth.User{Username: "op1", Role: auth.Operator, Street: "北山口镇"},
		},
		{
			name:  "worker, no stdin at all: generated; code typed in lower case",
			args:  []string{"add", "--username", "wangli", "--role", "worker", "--community", " " + strings.ToLower(communityCode) + " "},
			stdin: nil,
			want:  auth.User{Username: "wangli", Role: auth.Worker, Communities: []string{communityCode}},
		},
	}
}

// TestUserAddRefuses checks that a bad command creates nothing.
func TestUserAddRefuses(t *testing.T) {
	ctx := context.Background()
	st, hasher := newStore(t)
	com, err := st.CreateCommunity(ctx, "春和社区", "北山口镇")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := cli.User(ctx, st, hasher, []string{"add", "--username", "taken", "--role", "admin"}, strings.NewReader("a-long-password"), &out); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		stdin   string
		wantErr string
		is      error
	}{
		{"no subcommand", nil, "a-long-password", "usage", nil},
		{"unknown subcommand", []string{"remove", "--username", "x"}, "", "usage", nil},
		{"unknown flag", []string{"add", "--username", "x1", "--role", "admin", "--admin"}, "", "not defined", nil},
		{"bad role", []string{"add", "--username", "x1", "--role", "root"}, "a-long-password", "role_invalid", nil},
		{"no role", []string{"add", "--username", "x1"}, "a-long-password", "role_invalid", nil},
		{"bad username", []string{"add", "--username", "王丽", "--role", "admin"}, "a-long-password", "username_invalid", nil},
		{"operator without street", []string{"add", "--username", "x1", "--role", "operator"}, "a-long-password", "street_required", nil},
		{"worker without community", []string{"add", "--username", "x1", "--role", "worker"}, "a-long-password", "communities_required", nil},
		{"unknown community", []string{"add", "--username", "x1", "--role", "worker", "--community", com.Code, "--community", "AAAAAA"}, "a-long-password", "AAAAAA", store.ErrNotFound},
		{"weak password", []string{"add", "--username", "x1", "--role", "admin"}, "short\n", "password", auth.ErrWeakPassword},
		{"duplicate", []string{"add", "--username", "taken", "--role", "operator", "--street", "北山口镇"}, "a-long-password", "taken", store.ErrDuplicate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := cli.User(ctx, st, hasher, tt.args, strings.NewReader(tt.stdin), &out)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("err = %v, want %v", err, tt.is)
			}
			if strings.Contains(out.String(), "created") || strings.Contains(out.String(), "password:") {
				t.Errorf("output %q", out.String())
			}
			users, err := st.Users(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(users) != 1 || users[0].Username != "taken" || users[0].Role != auth.Admin {
				t.Errorf("accounts after a refused command: %+v", users)
			}
		})
	}
}

// TestUserPasswd: "user passwd" sets the password from stdin or prints a
// generated one, and ends the account's sessions; a bad command changes nothing.
func TestUserPasswd(t *testing.T) {
	ctx := context.Background()
	st, hasher := newStore(t)
	if err := cli.User(ctx, st, hasher, []string{"add", "--username", "root", "--role", "admin"}, strings.NewReader("first-password"), io.Discard); err != nil {
		t.Fatal(err)
	}
	signsIn := func(password string) bool {
		u, err := st.User(ctx, "root")
		return err == nil && hasher.Check(u.Hash, password)
	}
	refusals := []struct {
		name, stdin, wantErr string
		args                 []string
		is                   error
	}{
		{"no username", "second-password", "usage", []string{"passwd"}, nil},
		{"stray argument", "second-password", "usage", []string{"passwd", "--username", "root", "now"}, nil},
		{"unknown account", "second-password", "nobody", []string{"passwd", "--username", "nobody"}, store.ErrNotFound},
		{"weak password", "short\n", "password", []string{"passwd", "--username", "root"}, auth.ErrWeakPassword},
	}
	for _, tt := range refusals {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			err := cli.User(ctx, st, hasher, tt.args, strings.NewReader(tt.stdin), &out)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || (tt.is != nil && !errors.Is(err, tt.is)) {
				t.Fatalf("err = %v, want one mentioning %q", err, tt.wantErr)
			}
			if out.Len() > 0 || !signsIn("first-password") {
				t.Errorf("a refused command changed the password; output %q", out.String())
			}
		})
	}

	for _, stdin := range []string{"second-password\n", ""} {
		expectPasswdFrom(t, st, hasher, signsIn, stdin)
	}
	entries, err := st.AuditEntries(ctx, 0, 10)
	if err != nil || len(entries) != 2 || entries[0].Action != "user.password_reset" || entries[0].Target != "root" {
		t.Errorf("audit log %+v, %v", entries, err)
	}
}

// expectPasswdFrom runs "user passwd" for root with stdin: the password
// typed, or the one printed when stdin is empty, signs in, the old one does
// not, and sessions from before the change no longer count.
func expectPasswdFrom(t *testing.T, st *store.Store, hasher auth.Hasher, signsIn func(string) bool, stdin string) {
	t.Helper()
	ctx := context.Background()
	before, err := st.User(ctx, "root")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := cli.User(ctx, st, hasher, []string{"passwd", "--username", "root"}, strings.NewReader(stdin), &out); err != nil {
		t.Fatalf("passwd: %v", err)
	}
	password := strings.TrimSpace(stdin)
	if m := regexp.MustCompile(`(?m)^password: (\S+)$`).FindStringSubmatch(out.String()); m != nil {
		password = m[1]
	}
	if password == "" || (stdin != "" && strings.Contains(out.String(), "password:")) {
		t.Fatalf("stdin %q, output %q", stdin, out.String())
	}
	after, err := st.User(ctx, "root")
	if err != nil {
		t.Fatal(err)
	}
	if !signsIn(password) || hasher.Check(after.Hash, "first-password") {
		t.Errorf("stdin %q: the new password %q does not sign in, or the old one still does", stdin, password)
	}
	if after.Admits(before.SessionEpoch) {
		t.Errorf("stdin %q: a session from before the change still counts", stdin)
	}
}
