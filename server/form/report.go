// Package form reads and checks what residents and staff post, keeping their
// text intact for re-display whatever goes wrong.
package form

import (
	"errors"
	"fmt"
	"mime"
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
	// keep says which text fields are kept; nil keeps every name.
	keep func(name string) bool
}

// Errors maps a field name to the message ID of what is wrong with it.
type Errors map[string]string

// ErrUnsupportedType is returned for a body that is neither multipart nor a
// plain urlencoded form (JSON, XML …).
var ErrUnsupportedType = errors.New("form: unsupported content type")

// ParseReport reads a report form. Text fields come before the file field in
// the page, so they are read even when a photo is too big; the returned Report
// always holds what was read. Only the form's own fields are kept. Photo
// problems come back as field Errors; a body that cannot be read at all comes
// back as an error (for example an *http.MaxBytesError, or ErrTooMuch for more
// fields or text than the page sends).
func ParseReport(r *http.Request, lim Limits) (Report, []Upload, Errors, error) {
	var f Report
	values, uploads, errs, err := parseFields(r, lim, func(name string) bool { _, ok := reportFields[name]; return ok })
	for name, v := range values {
		setText(&f, name, v)
	}
	return f, uploads, errs, err
}

// parseFields reads a form of text fields and photos, urlencoded or
// multipart, keeping the first value of each text field keep names. The
// resident's form and the worker's patrol form share it: what differs is
// which names they keep and where the values go.
func parseFields(r *http.Request, lim Limits, keep func(name string) bool) (map[string]string, []Upload, Errors, error) {
	values := map[string]string{}
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mediaType {
	case "application/x-www-form-urlencoded":
		r.Body = http.MaxBytesReader(nil, r.Body, maxFormText)
		if err := r.ParseForm(); err != nil {
			return values, nil, nil, fmt.Errorf("read form: %w", err)
		}
		for name := range r.PostForm {
			if keep(name) {
				values[name] = r.PostForm.Get(name)
			}
		}
		return values, nil, Errors{}, nil
	case "multipart/form-data":
	default:
		return values, nil, nil, ErrUnsupportedType
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return values, nil, nil, fmt.Errorf("read form: %w", err)
	}
	lim.keep = keep
	return readMultipart(mr, "photos", lim)
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

func setText(f *Report, name, value string) {
	if set, ok := reportFields[name]; ok {
		set(f, value)
	}
}

// reportFields are the report form's text fields, each with where its
// cleaned value goes: the only names kept from a body.
var reportFields = map[string]func(f *Report, v string){
	"token":       func(f *Report, v string) { f.Token = CleanLine(v) },
	"category":    func(f *Report, v string) { f.Category = CleanLine(v) },
	"description": func(f *Report, v string) { f.Description = CleanText(v) },
	"location":    func(f *Report, v string) { f.Location = CleanLine(v) },
	"name":        func(f *Report, v string) { f.Name = CleanLine(v) },
	"phone": func(f *Report, v string) {
		f.Phone = strings.NewReplacer(" ", "", "-", "").Replace(CleanLine(v))
	},
	"lat":      func(f *Report, v string) { f.Lat = CleanLine(v) },
	"lng":      func(f *Report, v string) { f.Lng = CleanLine(v) },
	"accuracy": func(f *Report, v string) { f.Accuracy = CleanLine(v) },
	"website":  func(f *Report, v string) { f.Website = CleanLine(v) },
}
