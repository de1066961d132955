package main

import (
	"strings"
	"testing"
)

// TestAPIKeyCommands drives "gridline apikey" as a script does: add prints
// the key alone on its last line, list names it without printing it,
// revoke ends it, and a second add of the name is refused.
func TestAPIKeyCommands(t *testing.T) {
	getenv := environ(map[string]string{"GRIDLINE_DATA_DIR": t.TempDir()})
	out, err := runCLI(t, getenv, "apikey", "add", "--name", "city-12345")
	if err != nil {
		t.Fatal(err)
	}
	key := lastLine(out)
	if len(key) != 43 || strings.ContainsAny(key, " \t") {
		t.Fatalf("last line %q is not the key alone; stdout:\n%s", key, out)
	}
	list, err := runCLI(t, getenv, "apikey", "list")
	if err != nil || !strings.HasPrefix(list, "city-12345 ") || !strings.Contains(list, "active") || strings.Contains(list, key) {
		t.Errorf("list (%v):\n%s", err, list)
	}
	if out, err := runCLI(t, getenv, "apikey", "revoke", "city-12345"); err != nil || !strings.Contains(out, "revoked") {
		t.Fatalf("revoke: %q, %v", out, err)
	}
	if list, err := runCLI(t, getenv, "apikey", "list"); err != nil || !strings.Contains(list, "revoked") {
		t.Errorf("list after revoke (%v):\n%s", err, list)
	}
	if out, err := runCLI(t, getenv, "apikey", "add", "--name", "city-12345"); err == nil || out != "" {
		t.Errorf("a revoked key's name was given again: %q, %v", out, err)
	}
}
