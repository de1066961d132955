// Package form reads and checks what residents and staff post, keeping their
// text intact for re-display whatever goes wrong.
package form

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
)

// Report is the resident's report form, as typed.
type Report struct {
	Token       string `validate:"required,len=32,hexadecimal"`
	Category    string `validate:"required"` // checked against the stored list by the handler
	Description string `validate:"required,min=5,max=1000"`
	Location    string `validate:"max=100"`
	Name        string `validate:"max=30"`
	Phone       string `validate:"omitempty,mobile"`
	// Where the phone was, only when the resident pressed "use my location":
	// kept as typed for re-display, turned into numbers by Geo.
	Lat      string `validate:"required_with=Lng,omitempty,latitude"`
	Lng      string `validate:"required_with=Lat,omitempty,longitude"`
	Accuracy string `validate:"omitempty,number,max=7"` // whole metres
	// Website is a honeypot: hidden from people, filled in by form-filling bots.
	Website string
}

// Text is everything the resident wrote, for an error page that keeps it.
func (r Report) Text() string {
	return strings.TrimSpace(strings.Join([]string{r.Category, r.Location, r.Description}, "\n"))
}

// Upload is one photo file as received, not yet checked.
type Upload struct {
	Filename string
	Data     []byte
}

// Limits bound a report upload.
type Limits struct {
	MaxPhotos     int
	MaxPhotoBytes int64
	// BeforeFiles, when set, runs once before the first file is read; its
	// error stops the reading, with the text fields already read kept.
	BeforeFiles func() error
}

// Errors maps a field name to the message ID of what is wrong with it.
type Errors map[string]string

// ErrUnsupportedType is returned for a body that is neither multipart nor a
// plain urlencoded form (JSON, XML …).
var ErrUnsupportedType = errors.New("form: unsupported content type")

// maxTextBytes bounds one text field; longer values are cut and then fail
// their max-length check with a clear message.
const maxTextBytes = 16 << 10

// ParseReport reads a report form. Text fields come before the file field in
// the page, so they are read even when a photo is too big; the returned Report
// always holds what was read. Photo problems come back as field Errors; a body
// that cannot be read at all comes back as an error (for example an
// *http.MaxBytesError).
func ParseReport(r *http.Request, lim Limits) (Report, []Upload, Errors, error) {
	var f Report
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mediaType {
	case "application/x-www-form-urlencoded":
		r.Body = http.MaxBytesReader(nil, r.Body, 64<<10)
		if err := r.ParseForm(); err != nil {
			return f, nil, nil, fmt.Errorf("read form: %w", err)
		}
		for name := range r.PostForm {
			setText(&f, name, r.PostForm.Get(name))
		}
		return f, nil, Errors{}, nil
	case "multipart/form-data":
	default:
		return f, nil, nil, ErrUnsupportedType
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return f, nil, nil, fmt.Errorf("read form: %w", err)
	}
	return readParts(mr, f, lim)
}

func readParts(mr *multipart.Reader, f Report, lim Limits) (Report, []Upload, Errors, error) {
	values, uploads, errs, err := readMultipart(mr, "photos", lim)
	for name, v := range values {
		setText(&f, name, v)
	}
	return f, uploads, errs, err
}

// ReadMultipart reads a multipart form of text fields and photos (field
// fileField), for staff forms with photos. A duplicated text field keeps its
// first value.
func ReadMultipart(r *http.Request, fileField string, lim Limits) (map[string]string, []Upload, Errors, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return map[string]string{}, nil, nil, fmt.Errorf("read form: %w", err)
	}
	return readMultipart(mr, fileField, lim)
}

func readMultipart(mr *multipart.Reader, fileField string, lim Limits) (map[string]string, []Upload, Errors, error) {
	values := map[string]string{}
	var uploads []Upload
	errs := Errors{}
	for {
		part, err := mr.NextPart()
		// Only a bare io.EOF is the closing boundary. NextPart wraps io.EOF
		// for a body that ends without one: cut off, or not multipart at
		// all (a gzip body, a boundary the body does not use).
		if err == io.EOF {
			return values, uploads, errs, nil
		}
		if err != nil {
			return values, uploads, errs, fmt.Errorf("read form: %w", err)
		}
		name := part.FormName()
		if part.FileName() == "" && name != fileField {
			if _, seen := values[name]; seen {
				continue
			}
			b, err := io.ReadAll(io.LimitReader(part, maxTextBytes))
			if err != nil {
				return values, uploads, errs, fmt.Errorf("read form: %w", err)
			}
			values[name] = string(b)
			continue
		}
		if name != fileField {
			continue
		}
		if lim.BeforeFiles != nil {
			if err := lim.BeforeFiles(); err != nil {
				return values, uploads, errs, err
			}
			lim.BeforeFiles = nil
		}
		up, err := readPhoto(part, lim.MaxPhotoBytes)
		switch {
		case errors.Is(err, errPhotoTooBig):
			errs[fileField] = "field.photos.too_big"
			return values, uploads, errs, nil
		case err != nil:
			return values, uploads, errs, err
		case len(up.Data) == 0: // the empty part a browser sends when no file is chosen
			continue
		}
		if len(uploads) == lim.MaxPhotos {
			errs[fileField] = "field.photos.too_many"
			return values, uploads, errs, nil
		}
		uploads = append(uploads, up)
	}
}

var errPhotoTooBig = errors.New("form: photo too big")

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

func setText(f *Report, name, value string) {
	switch name {
	case "token":
		f.Token = CleanLine(value)
	case "category":
		f.Category = CleanLine(value)
	case "description":
		f.Description = CleanText(value)
	case "location":
		f.Location = CleanLine(value)
	case "name":
		f.Name = CleanLine(value)
	case "phone":
		f.Phone = strings.NewReplacer(" ", "", "-", "").Replace(CleanLine(value))
	case "lat":
		f.Lat = CleanLine(value)
	case "lng":
		f.Lng = CleanLine(value)
	case "accuracy":
		f.Accuracy = CleanLine(value)
	case "website":
		f.Website = CleanLine(value)
	}
}
