package main

import (
	"strings"
	"testing"
)

// TestWebhookCommands drives "gridline webhook" as a script does: add
// prints the new endpoint's ID alone on its last line and never the
// secret; addresses that are not http(s), that point at this host (unless
// GRIDLINE_WEBHOOK_LOOPBACK=1) and short secrets are refused; list shows
// each endpoint with whether it gets contacts, never a secret; remove ends
// one, and removing it again fails.
func TestWebhookCommands(t *testing.T) {
	dir := t.TempDir()
	getenv := environ(map[string]string{"GRIDLINE_DATA_DIR": dir})
	add := func(getenv func(string) string, args ...string) (string, error) {
		return runCLI(t, getenv, append([]string{"webhook", "add"}, args...)...)
	}
	out, err := add(getenv, "--url", "https://city.example.org/gridline", "--secret", "plain-secret-0123456789")
	if err != nil {
		t.Fatal(err)
	}
	plain := lastLine(out)
	if len(plain) != 8 || strings.Contains(out, "plain-secret") {
		t.Fatalf("last line %q is not an ID alone, or the secret was printed:\n%s", plain, out)
	}
	out, err = add(getenv, "--url", "http://10.20.0.8:8080/in", "--secret", "trusted-secret-0123456789", "--with-contact")
	if err != nil {
		t.Fatal(err)
	}
	trusted := lastLine(out)
	expectWebhookRefusals(t, getenv)
	loopback := environ(map[string]string{"GRIDLINE_DATA_DIR": dir, "GRIDLINE_WEBHOOK_LOOPBACK": "1"})
	out, err = add(loopback, "--url", "http://127.0.0.1:9000/", "--secret", "relay-secret-0123456789")
	if err != nil {
		t.Fatalf("loopback allowed: %v", err)
	}
	relay := lastLine(out)
	expectWebhookList(t, getenv, map[string]string{plain: "https://city.example.org/gridline no 0 0",
		trusted: "http://10.20.0.8:8080/in yes 0 0", relay: "http://127.0.0.1:9000/ no 0 0"})
	if _, err := runCLI(t, getenv, "webhook", "remove", plain); err != nil {
		t.Fatal(err)
	}
	if list, _ := runCLI(t, getenv, "webhook", "list"); strings.Contains(list, plain) {
		t.Errorf("removed endpoint still listed:\n%s", list)
	}
	if _, err := runCLI(t, getenv, "webhook", "remove", plain); err == nil {
		t.Error("removing it again succeeded")
	}
	if _, err := runCLI(t, getenv, "webhook", "frobnicate"); err == nil || !strings.Contains(err.Error(), "usage:") {
		t.Errorf("unknown subcommand: %v", err)
	}
}

// expectWebhookRefusals: addresses that are not http(s) or point at this
// host, short or missing secrets are refused, and nothing is printed.
func expectWebhookRefusals(t *testing.T, getenv func(string) string) {
	t.Helper()
	for _, args := range [][]string{
		{"--url", "ftp://city.example.org/", "--secret", "long-enough-secret-1"},
		{"--url", "http://127.0.0.1:9000/", "--secret", "long-enough-secret-2"},
		{"--url", "http://169.254.169.254/", "--secret", "long-enough-secret-3"},
		{"--url", "https://city.example.org/", "--secret", "short"},
		{"--url", "https://city.example.org/"},
	} {
		out, err := runCLI(t, getenv, append([]string{"webhook", "add"}, args...)...)
		if err == nil || out != "" {
			t.Errorf("webhook add %q was taken: %q", args, out)
		}
	}
}

// expectWebhookList checks each endpoint's URL, contact, waiting and
// failed columns in "webhook list", and that no secret is printed.
func expectWebhookList(t *testing.T, getenv func(string) string, want map[string]string) {
	t.Helper()
	list, err := runCLI(t, getenv, "webhook", "list")
	if err != nil {
		t.Fatal(err)
	}
	for id, cols := range want {
		if f := strings.Fields(listLine(t, list, id)); len(f) < 5 || strings.Join(f[1:5], " ") != cols {
			t.Errorf("list line %q, want URL, contact, waiting and failed %q", f, cols)
		}
	}
	if strings.Contains(list, "secret-0123456789") {
		t.Errorf("list shows a secret:\n%s", list)
	}
}
