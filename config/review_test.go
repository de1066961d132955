package config_test

import (
	"testing"

	"gridline/config"
)

// TestPhotoReviewSetting: 先审后公开 is off unless asked for, and a value
// that is neither yes nor no stops the start instead of leaving it off.
func TestPhotoReviewSetting(t *testing.T) {
	for _, tt := range []struct {
		value   string
		on, bad bool
	}{
		{"", false, false},
		{"1", true, false},
		{"true", true, false},
		{"0", false, false},
		{"false", false, false},
		{"yes", false, true},
		{"on", false, true},
		{"2", false, true},
	} {
		t.Run(tt.value, func(t *testing.T) {
			c, err := config.Load(func(k string) string {
				if k == "GRIDLINE_PHOTO_REVIEW" {
					return tt.value
				}
				return ""
			})
			if tt.bad {
				if err == nil {
					t.Fatalf("accepted %q", tt.value)
				}
				return
			}
			if err != nil || c.PhotoReview != tt.on {
				t.Errorf("PhotoReview %v, %v; want %v", c.PhotoReview, err, tt.on)
			}
		})
	}
}
