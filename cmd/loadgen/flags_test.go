package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseFlags(t *testing.T) {
	jpeg := filepath.Join(t.TempDir(), "p.jpg")
	if err := os.WriteFile(jpeg, []byte{0xFF, 0xD8, 0xFF, 0xE0}, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args    string
		wantErr string // "" for none
	}{
		{"-community C -photo " + jpeg, ""},
		{"-community C -nophoto -duration 10s -readers 2 -verify -data /tmp/x -clean-orphans", ""},
		{"-community C -nophoto -duration 10s -verify -mongo mongodb://127.0.0.1/ -photostore gridfs", ""},
		{"-community C", "-photo is required"},
		{"-community C -photo " + jpeg + " -nophoto", "choose one"},
		{"-community C -nophoto -verify -data /tmp/x", "need a soak"},
		{"-community C -nophoto -duration 10s -verify", "-data is required"},
		{"-community C -nophoto -duration 10s -clean-orphans", "needs -verify"},
		{"-community C -nophoto -duration 2h", "at most"},
		{"-community C -nophoto -requests 10001", "-requests"},
		{"-community C -nophoto -duration 1s -script 2", "-script"},
		{"-community C -nophoto -duration 1s -attempts 0", "-attempts"},
		{"-community C -nophoto -duration 1s -staff ops", "LOADGEN_STAFF_PASSWORD"},
		{"-community C -nophoto -pid 1 -pidfile x", "choose one"},
		{"-community C -nophoto -base http://10.0.0.1:8080", "loopback"},
	}
	t.Setenv("LOADGEN_STAFF_PASSWORD", "")
	for _, tt := range tests {
		t.Run(tt.args, func(t *testing.T) {
			_, err := parseFlags(strings.Fields(tt.args), io.Discard)
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("parseFlags: %v, want error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestPIDFromFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "server.pid")
	pid := pidFromFile(path)
	if _, err := pid(); err == nil {
		t.Error("no file: want an error")
	}
	for content, want := range map[string]int{"1234\n": 1234, "0": 0, "x": 0} {
		if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if got, err := pid(); got != want || (want == 0) != (err != nil) {
			t.Errorf("pid from %q = %d, %v; want %d", content, got, err, want)
		}
	}
}
