package form

import "net/http"

// Patrol is a grid worker's patrol find (巡查上报), as typed: the resident's
// report form without the resident's contact (the worker is the one who
// found it), with the community the worker chose. The form offers only the
// communities the account serves; the handler checks the choice all the
// same, since a form can be sent with any value.
type Patrol struct {
	Community string `validate:"required"`
	Report
}

// ParsePatrol reads a patrol form as ParseReport reads a resident's: the
// text is kept whatever goes wrong, photo problems are field Errors, a body
// that cannot be read whole is an error. Only the patrol form's own fields
// are kept.
func ParsePatrol(r *http.Request, lim Limits) (Patrol, []Upload, Errors, error) {
	var p Patrol
	values, uploads, errs, err := parseFields(r, lim, keepPatrol)
	for name, v := range values {
		if name == "community" {
			p.Community = CleanLine(v)
			continue
		}
		setText(&p.Report, name, v)
	}
	return p, uploads, errs, err
}

// keepPatrol names the patrol form's text fields: the community and the
// report form's, less the resident's name and phone and the honeypot, which
// a signed-in worker's form has no use for.
func keepPatrol(name string) bool {
	switch name {
	case "community":
		return true
	case "name", "phone", "website":
		return false
	}
	_, ok := reportFields[name]
	return ok
}
