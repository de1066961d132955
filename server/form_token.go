package server

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"sync"
)

// formSigner signs what the residents' form hands out, with the store's form
// key (store.FormKey), loaded on first use and kept: the form's one-time
// token, bound to its community, and the references under which the form
// names other open reports. A token it did not make, or made for another
// community, fails; so does a reference to a report it never listed.
type formSigner struct {
	load func(context.Context) ([]byte, error)
	mu   sync.Mutex
	key  []byte
}

// signingKey is the key, read from the store the first time.
func (f *formSigner) signingKey(ctx context.Context) ([]byte, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.key != nil {
		return f.key, nil
	}
	key, err := f.load(ctx)
	if err != nil {
		return nil, err
	}
	f.key = key
	return key, nil
}

// mac is the first 8 bytes of the HMAC-SHA256 of parts, in hex.
func (f *formSigner) mac(ctx context.Context, parts ...string) (string, error) {
	key, err := f.signingKey(ctx)
	if err != nil {
		return "", err
	}
	h := hmac.New(sha256.New, key)
	h.Write([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h.Sum(nil)[:8]), nil
}

// newToken makes a form's one-time token for a community's form: 16 random
// hex digits and 16 of their signature. It has the shape of any token
// (form.Report's 32 hex digits), so a report is sent with it as before.
func (f *formSigner) newToken(ctx context.Context, community string) (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	nonce := hex.EncodeToString(b)
	sig, err := f.mac(ctx, "token", community, nonce)
	if err != nil {
		return "", err
	}
	return nonce + sig, nil
}

// signed reports whether newToken made token for community's form.
func (f *formSigner) signed(ctx context.Context, community, token string) (bool, error) {
	if len(token) != 32 {
		return false, nil
	}
	want, err := f.mac(ctx, "token", community, token[:16])
	if err != nil {
		return false, err
	}
	return hmac.Equal([]byte(want), []byte(token[16:])), nil
}

// ref is the reference the form gives an open report in place of its
// tracking code, which would let whoever reads the form rate the report
// once resolved. Only the server can make one, and it finds the report
// again among the community's open reports.
func (f *formSigner) ref(ctx context.Context, id string) (string, error) {
	return f.mac(ctx, "report", id)
}
