package config

import (
	"fmt"
	"strconv"
)

// loadPhotoReview reads GRIDLINE_PHOTO_REVIEW, the 先审后公开 switch. Only a
// clear yes or no is taken: a typo that silently left review off would put
// unreviewed photos of faces on public pages.
func (c *Config) loadPhotoReview(getenv func(string) string) error {
	v := getenv("GRIDLINE_PHOTO_REVIEW")
	if v == "" {
		return nil
	}
	on, err := strconv.ParseBool(v)
	if err != nil {
		return fmt.Errorf("GRIDLINE_PHOTO_REVIEW: want 1 (photos are public once staff reviewed them) or 0, got %q", v)
	}
	c.PhotoReview = on
	return nil
}
