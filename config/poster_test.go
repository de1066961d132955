package config_test

import (
	"testing"

	"gridline/config"
)

// TestPosterSettings: the hotline and issuing office printed on posters.
func TestPosterSettings(t *testing.T) {
	tests := []struct {
		name            string
		env             map[string]string
		hotline, issuer string
	}{
		{"defaults", nil, "12345", ""},
		{"set", map[string]string{"GRIDLINE_HOTLINE": " 0571-12345 ", "GRIDLINE_ISSUER": " 北山口镇城市运行管理中心 "},
			"0571-12345", "北山口镇城市运行管理中心"},
		{"blank hotline keeps the default", map[string]string{"GRIDLINE_HOTLINE": "  "}, "12345", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := config.Load(func(k string) string { return tt.env[k] })
			if err != nil {
				t.Fatal(err)
			}
			if c.Hotline != tt.hotline || c.Issuer != tt.issuer {
				t.Errorf("hotline %q, issuer %q; want %q, %q", c.Hotline, c.Issuer, tt.hotline, tt.issuer)
			}
		})
	}
}
