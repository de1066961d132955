package qr

import "testing"

func TestClampSize(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{in: "", want: DefaultSize},
		{in: "512", want: 512},
		{in: "128", want: 128},
		{in: "2048", want: 2048},
		{in: "300", want: 300},
		{in: " 300 ", want: 300},
		{in: "+300", want: 300},
		{in: "127", want: MinSize},
		{in: "0", want: MinSize},
		{in: "-1", want: MinSize},
		{in: "2049", want: MaxSize},
		{in: "100000", want: MaxSize},
		{in: "99999999999999999999999", want: MaxSize},
		{in: "-99999999999999999999999", want: MinSize},
		{in: "abc", want: DefaultSize},
		{in: "300px", want: DefaultSize},
		{in: "3e2", want: DefaultSize},
		{in: "300.5", want: DefaultSize},
		{in: "0x200", want: DefaultSize},
		{in: "٣٠٠", want: DefaultSize},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := ClampSize(tt.in); got != tt.want {
				t.Errorf("ClampSize(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}
