package form

// ReportOf is the report form holding values, named as the form's fields
// (token, category, description, location, name, phone, lat, lng,
// accuracy), each cleaned by the same rules as when the form is posted; any
// other name is dropped. A report that arrives another way, through the
// Open311 API, is put into the resident's form by it, so the validator and
// the handler check it exactly as they check the form.
func ReportOf(values map[string]string) Report {
	var f Report
	for name, v := range values {
		setText(&f, name, v)
	}
	return f
}
