package auth_test

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"gridline/auth"
)

func TestHasher(t *testing.T) {
	h, err := auth.NewHasher(bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	hash, err := h.Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		hash     []byte
		password string
		want     bool
	}{
		{"right password", hash, "correct horse battery", true},
		{"wrong password", hash, "correct horse battery!", false},
		{"empty password", hash, "", false},
		{"no account", nil, "no such account", false}, // the dummy hash's own text does not log in
		{"no account, empty", nil, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := h.Check(tt.hash, tt.password); got != tt.want {
				t.Errorf("Check = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestHashRefusesWeakPasswords(t *testing.T) {
	h, err := auth.NewHasher(bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		password string
		weak     bool
	}{
		{"nine characters", "123456789", true},
		{"ten characters", "1234567890", false},
		{"ten Chinese characters", strings.Repeat("密", 10), false},
		{"72 bytes", strings.Repeat("a", 72), false},
		{"73 bytes", strings.Repeat("a", 73), true},
		{"empty", "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := h.Hash(tt.password)
			if got := errors.Is(err, auth.ErrWeakPassword); got != tt.weak {
				t.Errorf("Hash(%q): err = %v, weak %v want %v", tt.password, err, got, tt.weak)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	a, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	b, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if a == b || len(a) < 43 {
		t.Errorf("tokens %q and %q", a, b)
	}
	if auth.TokenID(a) == a || auth.TokenID(a) != auth.TokenID(a) || len(auth.TokenID(a)) != 64 {
		t.Errorf("TokenID(%q) = %q", a, auth.TokenID(a))
	}
	p, err := auth.NewPassword()
	if err != nil {
		t.Fatal(err)
	}
	h, err := auth.NewHasher(bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Hash(p); err != nil {
		t.Errorf("a generated password %q is refused: %v", p, err)
	}
}
