package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"gridline/community"
)

// These tests drive the CLI exactly as scripts use it: run() in-process with
// the environment given through getenv, on a fresh data directory, so the
// embedded database is always used whatever the developer's MONGODB_URI says.

// environ is a getenv over a fixed set of variables; nothing else is set.
func environ(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

// runCLI runs gridline in-process and returns its stdout, or its error with
// what it logged.
func runCLI(t *testing.T, getenv func(string) string, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if err := run(t.Context(), args, strings.NewReader(""), &stdout, &stderr, getenv); err != nil {
		return stdout.String(), fmt.Errorf("gridline %s: %w\nstderr:\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.String(), nil
}

// lastLine is the last line of out, where "community add" prints the code alone.
func lastLine(out string) string {
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	return lines[len(lines)-1]
}

// addCommunity runs "community add" and returns the code it printed, checked.
func addCommunity(t *testing.T, getenv func(string) string, name, street string) string {
	t.Helper()
	out, err := runCLI(t, getenv, "community", "add", "--name", name, "--street", street)
	if err != nil {
		t.Fatal(err)
	}
	code := lastLine(out)
	if len(code) != 6 {
		t.Fatalf("last line of stdout = %q, want a 6-character code alone; stdout:\n%s", code, out)
	}
	if parsed, err := community.ParseCode(code); err != nil || parsed != code {
		t.Fatalf("printed code %q does not parse as itself: %q, %v", code, parsed, err)
	}
	return code
}

// listLine returns the line of "community list" output that holds code.
func listLine(t *testing.T, out, code string) string {
	t.Helper()
	for line := range strings.SplitSeq(out, "\n") {
		if strings.HasPrefix(line, code+" ") {
			return line
		}
	}
	t.Fatalf("community %s not listed:\n%s", code, out)
	return ""
}

// TestCommunityAddList adds a community and lists it under each way of
// setting the base URL its form URL starts with.
func TestCommunityAddList(t *testing.T) {
	dir := t.TempDir()
	code := addCommunity(t, environ(map[string]string{"GRIDLINE_DATA_DIR": dir}), "春和社区", "北山口镇")

	tests := []struct {
		name    string
		env     map[string]string
		wantURL string
	}{
		{"default base URL", map[string]string{}, "http://localhost:8080/c/" + code},
		{"from the listen address", map[string]string{"GRIDLINE_ADDR": "127.0.0.1:9090"}, "http://127.0.0.1:9090/c/" + code},
		{"GRIDLINE_BASE_URL", map[string]string{"GRIDLINE_BASE_URL": "https://gridline.example.org/"}, "https://gridline.example.org/c/" + code},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.env["GRIDLINE_DATA_DIR"] = dir
			out, err := runCLI(t, environ(tt.env), "community", "list")
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Fields(listLine(t, out, code))
			want := []string{code, "北山口镇", "春和社区", tt.wantURL}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("list line = %q, want fields %q", got, want)
			}
		})
	}
}

// TestCommunityRefused checks that a bad command is an error and creates nothing.
func TestCommunityRefused(t *testing.T) {
	getenv := environ(map[string]string{"GRIDLINE_DATA_DIR": t.TempDir()})
	tests := []struct {
		name string
		args []string
	}{
		{"missing --name", []string{"community", "add", "--street", "北山口镇"}},
		{"missing --street", []string{"community", "add", "--name", "春和社区"}},
		{"blank --name", []string{"community", "add", "--name", "  ", "--street", "北山口镇"}},
		{"no flags", []string{"community", "add"}},
		{"unknown flag", []string{"community", "add", "--name", "春和社区", "--street", "北山口镇", "--grid", "1"}},
		{"unknown community subcommand", []string{"community", "remove", "ABCDEF"}},
		{"community alone", []string{"community"}},
		{"unknown command", []string{"communities", "list"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := runCLI(t, getenv, tt.args...)
			if err == nil {
				t.Fatalf("gridline %s: no error", strings.Join(tt.args, " "))
			}
			if out != "" {
				t.Errorf("refused command printed %q on stdout, want nothing", out)
			}
			out, err = runCLI(t, getenv, "community", "list")
			if err != nil {
				t.Fatal(err)
			}
			if n := len(strings.Split(strings.TrimSpace(out), "\n")); n != 1 {
				t.Errorf("want only the header after a refused command, got:\n%s", out)
			}
		})
	}
}
