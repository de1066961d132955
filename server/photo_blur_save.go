package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"

	"github.com/gin-gonic/gin"

	"gridline/photo"
	"gridline/photostore"
	"gridline/server/form"
	"gridline/store"
)

// savePhotoBlur blurs the regions staff drew on a photo in its public
// rendition and thumbnail, and with 审核通过，公开 passes the photo for the
// public (先审后公开). The rendition is made again from the original with
// every region ever drawn, written under a new tag, and only then named in
// the photo's state, so the public sees the old rendition or the new one,
// never half of one. A form that is refused changes nothing.
func (s *Server) savePhotoBlur(c *gin.Context) error {
	id, r, err := s.photoReport(c)
	if err != nil {
		return err
	}
	st, err := s.photoStates.PhotoState(c, id)
	if err != nil {
		return err
	}
	if err := c.Request.ParseForm(); err != nil {
		return &pageError{status: http.StatusBadRequest, title: "error.bad_request.title", msg: "error.bad_request.message", err: err}
	}
	f, msg := form.ParseBlur(c.Request.PostForm)
	if msg == "" && len(st.Regions)+len(f.Regions) > photo.MaxRegions {
		msg = "blur.too_many"
	}
	page := photoPage{ID: id, Report: r, State: st, Form: f, Error: msg}
	if msg != "" {
		return s.renderPhotoBlur(c, http.StatusUnprocessableEntity, page)
	}
	next := st
	next.ChangedBy = staff(c).Username
	next.Reviewed = st.Reviewed || f.Do == form.Review
	if len(f.Regions) == 0 && next.Reviewed == st.Reviewed {
		c.Redirect(http.StatusSeeOther, "/admin/photos/"+id+"?done="+f.Do) // passed already: nothing to do
		return nil
	}
	if len(f.Regions) > 0 {
		next.Regions = slices.Concat(st.Regions, f.Regions)
		if next.Rendition, err = s.writeRendition(c, id, next.Regions); err != nil {
			return err
		}
	}
	saved, err := s.photoStates.SavePhotoState(c, next)
	if err != nil {
		if next.Rendition != st.Rendition {
			s.dropRendition(c, id, next.Rendition) // no state names it
		}
		return s.blurNotSaved(c, page, err)
	}
	if saved.Rendition != st.Rendition && st.Rendition != "" {
		s.dropRendition(c, id, st.Rendition) // no page links it any more
	}
	s.auditPhoto(c, r.ID, st, saved, len(f.Regions))
	c.Redirect(http.StatusSeeOther, "/admin/photos/"+id+"?done="+f.Do)
	return nil
}

// blurNotSaved answers a blur whose state could not be stored: another
// staff member's change came first (shown with the photo as it is now, to
// be looked at again), or the database failed.
func (s *Server) blurNotSaved(c *gin.Context, page photoPage, err error) error {
	if !errors.Is(err, store.ErrConflict) {
		return err
	}
	now, rerr := s.photoStates.PhotoState(c, page.ID)
	if rerr != nil {
		return rerr
	}
	page.State, page.Error = now, "blur.conflict"
	return s.renderPhotoBlur(c, http.StatusConflict, page)
}

// writeRendition makes the public rendition of photo id with regions
// blurred from its original, stores it under a new tag and returns the tag.
func (s *Server) writeRendition(ctx context.Context, id string, regions []photo.Region) (string, error) {
	full, err := s.Photos.Get(ctx, photostore.FullName(id))
	if err != nil {
		return "", fmt.Errorf("blur photo %s: %w", id, err)
	}
	out, err := s.pipeline.Blur(ctx, full, regions)
	if err != nil {
		return "", fmt.Errorf("blur photo %s: %w", id, err)
	}
	tag, err := photostore.NewTag()
	if err != nil {
		return "", err
	}
	err = s.Photos.Put(ctx, photostore.PublicName(id, tag), out.Full)
	if err == nil {
		err = s.Photos.Put(ctx, photostore.PublicThumbName(id, tag), out.Thumb)
	}
	if err != nil {
		s.dropRendition(ctx, id, tag)
		return "", fmt.Errorf("store blurred photo %s: %w", id, err)
	}
	return tag, nil
}

// dropRendition removes a public rendition no state names. A failure is
// only logged: the files are unreachable, and the photo's own are kept.
func (s *Server) dropRendition(ctx context.Context, id, tag string) {
	for _, name := range []string{photostore.PublicName(id, tag), photostore.PublicThumbName(id, tag)} {
		if err := s.Photos.Delete(context.WithoutCancel(ctx), name); err != nil {
			s.Log.ErrorContext(ctx, "remove blurred photo", "photo", name, "err", err)
		}
	}
}

// auditPhoto records what a saved change did: regions blurred (photo.blur)
// and the photo passed for the public (photo.review), each with its report.
func (s *Server) auditPhoto(c *gin.Context, reportID string, was, now store.PhotoState, added int) {
	actor := staff(c).Username
	if added > 0 {
		s.audit(c, actor, "photo.blur", now.ID, fmt.Sprintf("%s: %d regions (%d in all)", reportID, added, len(now.Regions)))
	}
	if now.Reviewed && !was.Reviewed {
		s.audit(c, actor, "photo.review", now.ID, reportID)
	}
}
