package main

import (
	"testing"
)

func TestFormToken(t *testing.T) {
	tests := []struct {
		name, page, want string
		wantErr          bool
	}{
		{"gridline's form", `<form method="post"><input type="hidden" name="token" value="0123456789abcdef0123456789abcdef"><select name="category">`, "0123456789abcdef0123456789abcdef", false},
		{"value first", `<input value="abc123" type="hidden" name="token"/>`, "abc123", false},
		{"escaped", `<input name="token" value="a&amp;b">`, "a&b", false},
		{"other inputs first", `<input name="location" value="3号楼"><input name="token" value="t">`, "t", false},
		{"no token field", `<input name="location" value="3号楼">`, "", true},
		{"empty value", `<input name="token" value="">`, "", true},
		{"no value", `<input name="token">`, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := formToken([]byte(tt.page))
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("formToken = %q, %v; want %q, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestLoopbackBase(t *testing.T) {
	tests := []struct {
		raw, want string
		wantErr   bool
	}{
		{"http://127.0.0.1:8080", "http://127.0.0.1:8080", false},
		{"http://127.0.0.1:8080/", "http://127.0.0.1:8080", false},
		{"http://127.5.6.7:80", "http://127.5.6.7:80", false},
		{"http://[::1]:8080", "http://[::1]:8080", false},
		{"http://localhost:8080", "http://localhost:8080", false},
		{"https://LOCALHOST", "https://LOCALHOST", false},
		{"http://192.168.1.10:8080", "", true},
		{"http://10.0.0.1", "", true},
		{"http://[::2]:8080", "", true},
		{"http://0.0.0.0:8080", "", true},
		{"http://gridline.example.org", "", true},
		{"http://localhost.example.org", "", true},
		{"http://127.0.0.1.nip.io", "", true},
		{"ftp://127.0.0.1", "", true},
		{"127.0.0.1:8080", "", true},
		{"http://127.0.0.1:8080/c/ABCDEF", "", true},
		{"http://user@127.0.0.1:8080", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			got, err := loopbackBase(tt.raw)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("loopbackBase(%q) = %q, %v; want %q, error %v", tt.raw, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestRefuseNonLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:8080": true, "[::1]:8080": true, "10.0.0.1:8080": false, "[2001:db8::1]:80": false,
	} {
		if err := refuseNonLoopback("tcp", addr, nil); (err == nil) != ok {
			t.Errorf("refuseNonLoopback(%s) = %v, want allowed %v", addr, err, ok)
		}
	}
}

func TestStatusKB(t *testing.T) {
	status := []byte("Name:\tgridline\nVmPeak:\t 2000000 kB\nVmHWM:\t  312345 kB\nVmRSS:\t  123456 kB\nThreads:\t12\n")
	tests := []struct {
		field   string
		want    int64
		wantErr bool
	}{
		{"VmRSS", 123456, false},
		{"VmHWM", 312345, false},
		{"Threads", 0, true},
		{"VmSwap", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			got, err := statusKB(status, tt.field)
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("statusKB(%s) = %d, %v; want %d, error %v", tt.field, got, err, tt.want, tt.wantErr)
			}
		})
	}
}
