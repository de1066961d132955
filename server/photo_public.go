package server

import (
	"context"

	"gridline/photostore"
	"gridline/store"
)

// Public pages never link a photo by its ID alone: they link its public
// rendition, whose URL changes with every blur (?v= the rendition's tag), so
// a browser or proxy that cached an earlier rendition for a year is never
// shown it again by the page; and while 先审后公开 holds a photo back they
// link nothing and say so. The URLs themselves enforce the same rules
// (photo_show.go), so a page built without the states (newPublicReport's
// defaults, the Open311 media_url, webhook payloads) still shows nothing
// the public may not see.

// publicPhoto is one photo as a public page shows it: its public URLs, or
// none while it waits for review. Part of the public view types (see
// public_view.go).
type publicPhoto struct {
	ID    string `from:"report.Report.Photos"` // to read its state
	Full  string `from:"report.Report.Photos"` // "" while held for review
	Thumb string `from:"report.Report.Photos"`
}

// Held reports whether the photo waits for review (照片审核后公开).
func (p publicPhoto) Held() bool { return p.Full == "" }

// newPublicPhotos are photos at their plain public URLs, before their
// states are read (withPhotoStates).
func newPublicPhotos(ids []string) []publicPhoto {
	out := make([]publicPhoto, 0, len(ids))
	for _, id := range ids {
		out = append(out, publicPhoto{ID: id, Full: "/p/" + id, Thumb: "/p/" + id + "/thumb"})
	}
	return out
}

// publicPhotoOf is photo id as the public may see it in state st.
func (s *Server) publicPhotoOf(id string, st store.PhotoState) publicPhoto {
	if s.held(st) {
		return publicPhoto{ID: id}
	}
	p := newPublicPhotos([]string{id})[0]
	if st.Rendition != "" {
		p.Full += "?v=" + st.Rendition
		p.Thumb += "?v=" + st.Rendition
	}
	return p
}

// held reports whether a photo in state st is kept from the public: one a
// resident sent with 我也遇到 always, any other while 先审后公开 waits for
// a staff member to look at it.
func (s *Server) held(st store.PhotoState) bool {
	return st.StaffOnly || s.Config.PhotoReview && !st.Reviewed
}

// withPhotoStates gives each photo the URLs of its public rendition, or
// holds it back: one look-up by _id per photo, and a page shows a handful.
func (s *Server) withPhotoStates(ctx context.Context, photos []publicPhoto) error {
	for i, p := range photos {
		st, err := s.photoStates.PhotoState(ctx, p.ID)
		if err != nil {
			return err
		}
		photos[i] = s.publicPhotoOf(p.ID, st)
	}
	return nil
}

// withReportPhotoStates gives every photo the tracking page shows of a
// report its public URLs: the resident's, the after-photos and the
// re-checks' on the timeline. The view's slices are filled in place.
func (s *Server) withReportPhotoStates(ctx context.Context, p publicReport) error {
	groups := [][]publicPhoto{p.Photos, p.AfterPhotos}
	for _, e := range p.Timeline {
		groups = append(groups, e.Photos)
	}
	for _, photos := range groups {
		if err := s.withPhotoStates(ctx, photos); err != nil {
			return err
		}
	}
	return nil
}

// publicFile names the stored file and the ETag of a photo's public
// rendition with tag (empty: the upload as is), full size or thumbnail.
func publicFile(id, tag string, thumb bool) (name, etag string) {
	switch {
	case tag == "" && thumb:
		return photostore.ThumbName(id), `"` + id + `-thumb"`
	case tag == "":
		return photostore.FullName(id), `"` + id + `"`
	case thumb:
		return photostore.PublicThumbName(id, tag), `"` + id + "-" + tag + `-thumb"`
	}
	return photostore.PublicName(id, tag), `"` + id + "-" + tag + `"`
}
