package main

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// loopbackBase checks -base names this machine and returns it without a
// trailing slash. A load generator pointed at a real server is an attack.
func loopbackBase(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("-base: want an http(s) URL such as http://127.0.0.1:8080, got %q", raw)
	}
	if !isLoopbackHost(u.Hostname()) {
		return "", fmt.Errorf("-base: %q is not a loopback host (127.0.0.0/8, ::1, localhost); loadgen only loads this machine", u.Hostname())
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("-base: want scheme, host and port only, got %q", raw)
	}
	return u.Scheme + "://" + u.Host, nil
}

// isLoopbackHost reports whether host is localhost or a loopback IP address.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// newClient is an HTTP client for the residents: one connection each, no
// redirects followed (the 303 is the answer), each request bounded in time,
// and a dialer that refuses any address outside loopback, in case
// "localhost" resolves somewhere else.
func newClient(concurrency int, timeout time.Duration) *http.Client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, Control: refuseNonLoopback}
	return &http.Client{
		Transport: &http.Transport{
			DialContext:         dialer.DialContext,
			MaxIdleConnsPerHost: concurrency,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       timeout,
	}
}

// refuseNonLoopback is a net.Dialer Control hook: it sees the resolved address.
func refuseNonLoopback(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("refusing to connect to %s: not loopback", address)
	}
	return nil
}
