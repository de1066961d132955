package form

import (
	"errors"
	"strings"

	"github.com/go-playground/validator/v10"
)

// Validator checks forms against their struct tags and Gridline's own rules.
type Validator struct{ v *validator.Validate }

// NewValidator returns a validator with Gridline's own rules registered.
func NewValidator() (*Validator, error) {
	v := validator.New(validator.WithRequiredStructEnabled())
	err := v.RegisterValidation("mobile", func(fl validator.FieldLevel) bool {
		return isMobile(fl.Field().String())
	})
	if err != nil {
		return nil, err
	}
	return &Validator{v: v}, nil
}

// Check validates a form and returns one message ID per failing field, named
// "field.<field>.<rule>"; the token gets one message whatever its fault.
func (val *Validator) Check(form any) Errors {
	errs := Errors{}
	err := val.v.Struct(form)
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return errs
	}
	for _, fe := range verrs {
		field := strings.ToLower(fe.Field())
		if _, done := errs[field]; done {
			continue
		}
		if field == "token" {
			errs[field] = "field.token.invalid"
			continue
		}
		errs[field] = "field." + field + "." + fe.Tag()
	}
	return errs
}

// isMobile reports whether s is a mainland China mobile number: 11 digits
// starting 13–19.
func isMobile(s string) bool {
	if len(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9' {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
