package form

import (
	"errors"
	"fmt"
	"io"
	"mime/multipart"
)

// Bounds of a multipart form's text. The report page sends ten text fields
// of a few KB at most and up to five file parts (four photos, or the empty
// one a browser sends when none is chosen); the bounds leave room for that
// and stop a body of countless fields before it costs memory or CPU.
const (
	maxTextBytes = 16 << 10 // one field: longer values are cut and then fail their max-length check
	maxFormText  = 64 << 10 // all text kept, and every part thrown away, together
	maxParts     = 32
)

// ErrTooMuch is returned, with the text read so far, for a form with more
// parts or more text than any page sends: it is not read further.
var ErrTooMuch = errors.New("form: more fields or text than the page sends")

var errPhotoTooBig = errors.New("form: photo too big")

// formReader reads one multipart form, part by part, within its bounds.
type formReader struct {
	lim       Limits
	fileField string
	values    map[string]string
	uploads   []Upload
	errs      Errors
	parts     int
	text      int64 // text bytes left in the budget
}

func readMultipart(mr *multipart.Reader, fileField string, lim Limits) (map[string]string, []Upload, Errors, error) {
	fr := &formReader{lim: lim, fileField: fileField, values: map[string]string{}, errs: Errors{}, text: maxFormText}
	for {
		part, err := mr.NextPart()
		// Only a bare io.EOF is the closing boundary. NextPart wraps io.EOF
		// for a body that ends without one: cut off, or not multipart at
		// all (a gzip body, a boundary the body does not use).
		if err == io.EOF {
			return fr.values, fr.uploads, fr.errs, nil
		}
		if err != nil {
			return fr.values, fr.uploads, fr.errs, fmt.Errorf("read form: %w", err)
		}
		if fr.parts++; fr.parts > maxParts {
			return fr.values, fr.uploads, fr.errs, fmt.Errorf("%w: over %d parts", ErrTooMuch, maxParts)
		}
		done, err := fr.read(part)
		if done || err != nil {
			return fr.values, fr.uploads, fr.errs, err
		}
	}
}

// read takes one part; done means the form needs reading no further.
func (fr *formReader) read(part *multipart.Part) (done bool, err error) {
	name := part.FormName()
	switch {
	case part.FileName() == "" && name != fr.fileField:
		return false, fr.readText(part, name)
	case name != fr.fileField:
		return false, fr.discard(part) // a file under another name
	}
	if fr.lim.BeforeFiles != nil {
		if err := fr.lim.BeforeFiles(); err != nil {
			return true, err
		}
		fr.lim.BeforeFiles = nil
	}
	up, err := readPhoto(part, fr.lim.MaxPhotoBytes)
	switch {
	case errors.Is(err, errPhotoTooBig):
		fr.errs[fr.fileField] = "field.photos.too_big"
		return true, nil
	case err != nil:
		return true, err
	case len(up.Data) == 0: // the empty part a browser sends when no file is chosen
		return false, nil
	}
	if len(fr.uploads) == fr.lim.MaxPhotos {
		fr.errs[fr.fileField] = "field.photos.too_many"
		return true, nil
	}
	fr.uploads = append(fr.uploads, up)
	return false, nil
}

// readText keeps the first value of a known field, cut at maxTextBytes. The
// rest of an over-long value is skipped by NextPart and not counted: its
// field then fails its length check, with a message the resident can act on.
func (fr *formReader) readText(part *multipart.Part, name string) error {
	_, seen := fr.values[name]
	if seen || (fr.lim.keep != nil && !fr.lim.keep(name)) {
		return fr.discard(part)
	}
	b, err := io.ReadAll(io.LimitReader(part, min(maxTextBytes, fr.text+1)))
	if err != nil {
		return fmt.Errorf("read form: %w", err)
	}
	if fr.text -= int64(len(b)); fr.text < 0 {
		return fmt.Errorf("%w: over %d bytes of text", ErrTooMuch, maxFormText)
	}
	fr.values[name] = string(b)
	return nil
}

// discard reads a part that is not kept (an unknown name, a second value),
// counting it against the text budget: no page sends such parts.
func (fr *formReader) discard(part *multipart.Part) error {
	n, err := io.Copy(io.Discard, io.LimitReader(part, fr.text+1))
	if err != nil {
		return fmt.Errorf("read form: %w", err)
	}
	if fr.text -= n; fr.text < 0 {
		return fmt.Errorf("%w: over %d bytes of text", ErrTooMuch, maxFormText)
	}
	return nil
}

func readPhoto(part *multipart.Part, max int64) (Upload, error) {
	b, err := io.ReadAll(io.LimitReader(part, max+1))
	if err != nil {
		return Upload{}, fmt.Errorf("read photo: %w", err)
	}
	if int64(len(b)) > max {
		return Upload{}, errPhotoTooBig
	}
	return Upload{Filename: part.FileName(), Data: b}, nil
}
