package community

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ErrCode means the input is not a well-formed community code.
// Callers check for it before any database query, so path tricks such as
// "../x" never reach the store.
var ErrCode = errors.New("community: malformed code")

const (
	// communityAlphabet has no 0, O, 1, I, L or U, so a code read off a
	// poster cannot be mistyped as another; 30 symbols.
	communityAlphabet = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
	// communityCodeLen gives 30^6 ≈ 7.3e8 codes: short enough for a
	// poster, sparse enough that codes are not found by counting.
	communityCodeLen = 6
	// communityRejectAbove is the largest multiple of len(communityAlphabet)
	// that fits in a byte; random bytes at or above it are discarded so
	// that every symbol is equally likely.
	communityRejectAbove = 256 / len(communityAlphabet) * len(communityAlphabet)
)

// NewCode draws a random community code, the stable part of the
// URL a community's QR poster points at.
func NewCode() (string, error) {
	return newCodeFrom(rand.Reader)
}

// newCodeFrom builds a community code from the bytes of r, so
// tests can use a fixed or failing source.
func newCodeFrom(r io.Reader) (string, error) {
	code := make([]byte, 0, communityCodeLen)
	var buf [16]byte
	for len(code) < communityCodeLen {
		if _, err := io.ReadFull(r, buf[:]); err != nil {
			return "", fmt.Errorf("community: reading random bytes for a community code: %w", err)
		}
		for _, b := range buf {
			if len(code) == communityCodeLen {
				break
			}
			if int(b) < communityRejectAbove {
				code = append(code, communityAlphabet[int(b)%len(communityAlphabet)])
			}
		}
	}
	return string(code), nil
}

// ParseCode normalises a community code taken from a URL or typed
// in (case, spaces, full-width forms) and checks it is one the application
// could have issued.
func ParseCode(s string) (string, error) {
	folded := Fold(s, communityCodeLen)
	if len(folded) != communityCodeLen {
		return "", fmt.Errorf("community code does not have %d characters: %w", communityCodeLen, ErrCode)
	}
	var code strings.Builder
	for i, r := range folded {
		if !strings.ContainsRune(communityAlphabet, r) {
			return "", fmt.Errorf("community code character %d %q is not allowed: %w", i+1, r, ErrCode)
		}
		code.WriteRune(r)
	}
	return code.String(), nil
}
