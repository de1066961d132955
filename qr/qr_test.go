package qr

import (
	"strings"
	"testing"

	qrcode "github.com/skip2/go-qrcode"
)

// TestModulesQuietZone checks go-qrcode keeps its 4-module quiet zone for
// small and large symbols alike.
func TestModulesQuietZone(t *testing.T) {
	const quiet = 4
	tests := []string{
		"x",
		posterURL,
		posterURL + "?" + strings.Repeat("q", 300),
		strings.Repeat("7", MaxContentBytes),
	}
	for _, content := range tests {
		t.Run(describe(content), func(t *testing.T) {
			grid, err := modules(content)
			if err != nil {
				t.Fatal(err)
			}
			n := len(grid)
			if (n-2*quiet-17)%4 != 0 {
				t.Fatalf("%d modules is not a QR symbol plus a %d-module quiet zone", n, quiet)
			}
			for y, row := range grid {
				if len(row) != n {
					t.Fatalf("row %d has %d modules, want %d", y, len(row), n)
				}
				for x, on := range row {
					edge := x < quiet || y < quiet || x >= n-quiet || y >= n-quiet
					if edge && on {
						t.Fatalf("dark module (%d, %d) in the quiet zone", x, y)
					}
				}
			}
			if !grid[quiet][quiet] || !grid[n-quiet-1][quiet] || !grid[quiet][n-quiet-1] {
				t.Errorf("finder pattern corners are not dark just inside the quiet zone")
			}
		})
	}
}

func TestChooseLevel(t *testing.T) {
	tests := []struct {
		name        string
		content     string
		wantLevel   qrcode.RecoveryLevel
		wantVersion int
	}{
		{name: "poster URL gets H", content: posterURL, wantLevel: qrcode.Highest, wantVersion: 4},
		{name: "largest content for H at version 9", content: strings.Repeat("a", 98), wantLevel: qrcode.Highest, wantVersion: 9},
		{name: "one more byte drops to Q", content: strings.Repeat("a", 99), wantLevel: qrcode.High, wantVersion: 8},
		{name: "long content gets Q", content: strings.Repeat("a", 1000), wantLevel: qrcode.High, wantVersion: 31},
		{name: "the limit in digits fits Q", content: strings.Repeat("7", MaxContentBytes), wantLevel: qrcode.High, wantVersion: 28},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, err := chooseLevel(tt.content)
			if err != nil {
				t.Fatal(err)
			}
			if code.Level != tt.wantLevel || code.VersionNumber != tt.wantVersion {
				t.Errorf("level %d version %d, want level %d version %d", code.Level, code.VersionNumber, tt.wantLevel, tt.wantVersion)
			}
		})
	}
}
