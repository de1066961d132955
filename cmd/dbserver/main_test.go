package main

import "testing"

func TestCheckLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:27018": true, "[::1]:27018": true, "127.0.0.2:1": true,
		"0.0.0.0:27018": false, ":27018": false, "10.0.0.1:27018": false, "localhost:27018": false, "127.0.0.1": false,
	} {
		if err := checkLoopback(addr); (err == nil) != ok {
			t.Errorf("checkLoopback(%q) = %v, want allowed %v", addr, err, ok)
		}
	}
}
