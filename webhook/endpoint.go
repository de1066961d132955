package webhook

import (
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"
)

// Endpoint is an address events are POSTed to, added by an admin. Its
// secret signs every body; it is stored as given (the sender needs it) and
// never shown again after it was typed.
type Endpoint struct {
	ID          string    `bson:"_id"`
	URL         string    `bson:"url"`
	Secret      string    `bson:"secret"`
	WithContact bool      `bson:"with_contact"` // the resident's name and phone go along
	CreatedAt   time.Time `bson:"created_at"`
}

// Why an endpoint is refused, for the CLI and the console to explain.
var (
	ErrURL     = errors.New("webhook: the URL must be http:// or https:// with a host, no user name or password, at most 2000 characters")
	ErrAddress = errors.New("webhook: the URL names a loopback, link-local, multicast or unspecified address")
	ErrSecret  = errors.New("webhook: the secret must be 16 to 200 characters without spaces")
)

// NewEndpoint checks an endpoint an admin asked for and gives it an ID.
// loopback allows loopback addresses (config.Webhook.Loopback).
func NewEndpoint(rawURL, secret string, withContact, loopback bool, now time.Time) (Endpoint, error) {
	u, err := CheckURL(rawURL, loopback)
	if err != nil {
		return Endpoint{}, err
	}
	if n := utf8.RuneCountInString(secret); n < 16 || n > 200 || strings.ContainsFunc(secret, isSpaceOrControl) {
		return Endpoint{}, ErrSecret
	}
	var raw [5]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return Endpoint{}, fmt.Errorf("webhook: endpoint ID: %w", err)
	}
	id := strings.ToLower(base32.StdEncoding.EncodeToString(raw[:]))
	return Endpoint{ID: id, URL: u, Secret: secret, WithContact: withContact, CreatedAt: now}, nil
}

func isSpaceOrControl(r rune) bool { return r <= ' ' || r == 0x7f || r == '\u3000' }

// CheckURL returns the URL an endpoint may have, or why not. A host given
// as a name is checked when it is dialled (dialControl), since what it
// resolves to can change after it is added.
func CheckURL(raw string, loopback bool) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Hostname() == "" || u.User != nil ||
		u.Opaque != "" || len(raw) > 2000 {
		return "", ErrURL
	}
	u.Fragment = ""
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		host = "127.0.0.1"
	}
	if ip, err := netip.ParseAddr(host); err == nil && !allowed(ip, loopback) {
		return "", ErrAddress
	}
	return u.String(), nil
}

// allowed reports whether deliveries may go to ip. Loopback (only when
// allowed), link-local (169.254.169.254 is many clouds' metadata service),
// multicast and unspecified addresses are refused, so an endpoint cannot be
// used to reach this host's own services; private networks are allowed,
// since a district's platform is often on a government intranet.
func allowed(ip netip.Addr, loopback bool) bool {
	ip = ip.Unmap()
	switch {
	case ip.IsLoopback():
		return loopback
	case ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast(), ip.IsInterfaceLocalMulticast(),
		ip.IsMulticast(), ip.IsUnspecified():
		return false
	}
	return true
}

// dialControl refuses a connection to an address allowed would refuse: it
// runs after the name is resolved, so a name that points at a refused
// address (or is changed to, after being added) gets nowhere.
func dialControl(loopback bool) func(network, address string, c syscall.RawConn) error {
	return func(_, address string, _ syscall.RawConn) error {
		host, _, err := net.SplitHostPort(address)
		if err != nil {
			return err
		}
		ip, err := netip.ParseAddr(host)
		if err != nil {
			return err
		}
		if !allowed(ip, loopback) {
			return fmt.Errorf("%w: %s", ErrAddress, ip)
		}
		return nil
	}
}
