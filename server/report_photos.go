package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"gridline/photo"
	"gridline/photostore"
	"gridline/server/form"
)

// processPhotos re-encodes every upload. A photo the resident must replace
// comes back as the message ID for the photos field.
func (s *Server) processPhotos(ctx context.Context, uploads []form.Upload) ([]photo.Processed, string, error) {
	out := make([]photo.Processed, 0, len(uploads))
	for _, up := range uploads {
		start := time.Now()
		p, err := s.pipeline.Process(ctx, bytes.NewReader(up.Data))
		s.Metrics.PhotoSeconds.Observe(time.Since(start).Seconds())
		if msg := photoMessage(err); msg != "" {
			s.Metrics.PhotoRejected.WithLabelValues(msg[len("field.photos."):]).Inc()
			return nil, msg, nil
		}
		if err != nil {
			return nil, "", fmt.Errorf("process photo %q: %w", up.Filename, err)
		}
		out = append(out, p)
	}
	return out, "", nil
}

// photoMessage names what is wrong with a photo the resident sent, or "" when
// the error is not theirs to fix.
func photoMessage(err error) string {
	switch {
	case errors.Is(err, photo.ErrHEIC):
		return "field.photos.heic"
	case errors.Is(err, photo.ErrUnsupported):
		return "field.photos.unsupported"
	case errors.Is(err, photo.ErrTooLarge):
		return "field.photos.too_many_pixels"
	case errors.Is(err, photo.ErrCorrupt):
		return "field.photos.corrupt"
	}
	return ""
}

// storePhotos writes each photo and its thumbnail; on failure it removes what
// it wrote, so no orphan is left behind.
func (s *Server) storePhotos(ctx context.Context, photos []photo.Processed) ([]string, error) {
	ids := make([]string, 0, len(photos))
	for _, p := range photos {
		id, err := photostore.NewID()
		if err != nil {
			s.deletePhotos(ctx, ids)
			return nil, err
		}
		ids = append(ids, id)
		err = errors.Join(
			s.Photos.Put(ctx, photostore.FullName(id), p.Full),
			s.Photos.Put(ctx, photostore.ThumbName(id), p.Thumb),
		)
		if err != nil {
			s.deletePhotos(ctx, ids)
			return nil, err
		}
	}
	return ids, nil
}

// deletePhotos removes photos of a report that was not stored. It goes on
// when the request was cancelled: the clean-up must still happen.
func (s *Server) deletePhotos(ctx context.Context, ids []string) {
	ctx = context.WithoutCancel(ctx)
	for _, id := range ids {
		for _, name := range []string{photostore.FullName(id), photostore.ThumbName(id)} {
			if err := s.Photos.Delete(ctx, name); err != nil {
				s.Log.ErrorContext(ctx, "delete orphan photo", "photo", name, "err", err)
			}
		}
	}
}
