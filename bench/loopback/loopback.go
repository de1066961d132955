// Package loopback gives tests that run Gridline as a separate process a
// loopback address to give it.
package loopback

import (
	"net"
	"testing"
)

// FreeAddr picks a loopback address no one listens on right now. Another
// process could take it before the child does; the child's readiness wait
// then fails clearly.
func FreeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
