package form

import (
	"net/http"
	"strings"
)

// Join is a resident's 我也遇到 on a report already made, as sent: the
// form's one-time token, the reference the form gave the report, and an
// optional note for staff (photos come beside it, as with a report).
type Join struct {
	Token  string `validate:"required,len=32,hexadecimal"`
	Report string `validate:"required,len=16,hexadecimal"`
	Note   string `validate:"max=500"`
}

// ParseJoin reads a 我也遇到 form as ParseReport reads a report: urlencoded
// (the button alone) or multipart (with a photo), keeping only its own
// fields, the note kept whatever goes wrong.
func ParseJoin(r *http.Request, lim Limits) (Join, []Upload, Errors, error) {
	var j Join
	values, uploads, errs, err := parseFields(r, lim, func(name string) bool {
		return name == "token" || name == "report" || name == "note"
	})
	j.Token = CleanLine(values["token"])
	j.Report = strings.ToLower(CleanLine(values["report"]))
	j.Note = CleanText(values["note"])
	return j, uploads, errs, err
}
