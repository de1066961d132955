package report

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"

	"gridline/community"
)

// Sentinel errors for ParseTracking, so callers can tell "that is not a
// tracking code" from "that looks like one but was mistyped".
var (
	// ErrTrackingFormat means the input has the wrong length or contains a
	// character that is not in the tracking code alphabet.
	ErrTrackingFormat = errors.New("report: malformed tracking code")
	// ErrTrackingCheck means the input is well formed but its check
	// character does not match, which almost always means a typing mistake.
	ErrTrackingCheck = errors.New("report: tracking code check character does not match")
)

const (
	// trackingDataLen is the number of random characters in a tracking code.
	trackingDataLen = 8
	// trackingLen is the full length: the random characters and the check character.
	trackingLen = trackingDataLen + 1
	// trackingDataBytes is how many random bytes hold trackingDataLen 5-bit symbols.
	trackingDataBytes = trackingDataLen * 5 / 8
)

// Tracking is a normalised tracking code: 9 upper-case characters, the last
// one a check character. Only NewTracking and ParseTracking make valid ones,
// so a Tracking taken from either can go straight into a query.
type Tracking string

// NewTracking draws a fresh random tracking code. Codes are random rather
// than sequential so that one resident's code reveals nothing about
// another's. Callers still insert it as a unique _id and draw again on a
// duplicate key, which with N reports stored happens with probability
// N/2^40 (under one in a million for a million reports).
func NewTracking() (Tracking, error) {
	return newTrackingFrom(rand.Reader)
}

// newTrackingFrom builds a tracking code from the bytes of r, so tests can
// use a fixed or failing source.
func newTrackingFrom(r io.Reader) (Tracking, error) {
	var raw [trackingDataBytes]byte
	if _, err := io.ReadFull(r, raw[:]); err != nil {
		return "", fmt.Errorf("report: reading random bytes for a tracking code: %w", err)
	}
	// 40 random bits, taken 5 at a time from the most significant end.
	var bits uint64
	for _, b := range raw {
		bits = bits<<8 | uint64(b)
	}
	var code [trackingLen]byte
	var digits [trackingDataLen]byte
	for i := range trackingDataLen {
		digits[i] = byte(bits>>(5*(trackingDataLen-1-i))) & 31
		code[i] = crockfordAlphabet[digits[i]]
	}
	code[trackingDataLen] = crockfordAlphabet[checkSymbol(digits[:])]
	return Tracking(code[:]), nil
}

// ParseTracking turns what a resident typed or pasted into a Tracking. It
// forgives what people get wrong when copying a code by hand: lower case,
// spaces, hyphens, full-width characters from a Chinese input method, and
// the Crockford confusions O for 0 and I or L for 1. U is not in the
// alphabet and is rejected. A wrong length or an unknown character gives
// ErrTrackingFormat; a wrong check character gives ErrTrackingCheck.
func ParseTracking(s string) (Tracking, error) {
	folded := community.Fold(s, trackingLen)
	if len(folded) != trackingLen {
		return "", fmt.Errorf("tracking code does not have %d characters: %w", trackingLen, ErrTrackingFormat)
	}
	var digits [trackingLen]byte
	for i, r := range folded {
		v, ok := crockfordValue(r)
		if !ok {
			return "", fmt.Errorf("tracking code character %d %q is not allowed: %w", i+1, r, ErrTrackingFormat)
		}
		digits[i] = v
	}
	if !checkValid(digits[:]) {
		return "", fmt.Errorf("tracking code: %w", ErrTrackingCheck)
	}
	var code [trackingLen]byte
	for i, v := range digits {
		code[i] = crockfordAlphabet[v]
	}
	return Tracking(code[:]), nil
}

// String returns the canonical stored form, such as "K7M2QXABP"; it is the
// MongoDB _id and the form used in URLs.
func (t Tracking) String() string {
	return string(t)
}

// Display returns the code grouped for people to read aloud or copy, such as
// "K7M2-QXAB-P". ParseTracking accepts it back as it is.
func (t Tracking) Display() string {
	s := string(t)
	if len(s) != trackingLen {
		return s
	}
	return s[:4] + "-" + s[4:8] + "-" + s[8:]
}
