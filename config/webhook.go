package config

import (
	"fmt"
	"time"
)

// Webhook is how the background sender delivers events to webhook endpoints
// (see package webhook). Each value is read from the environment by
// loadWebhook; the defaults are in webhookDefaults, and nowhere else.
type Webhook struct {
	// Timeout bounds one delivery attempt, connecting included
	// (GRIDLINE_WEBHOOK_TIMEOUT, 10s): a hung endpoint holds a slot no longer.
	Timeout time.Duration
	// Backoff is the wait before the first retry; each further retry waits
	// twice as long, up to an hour, with jitter (GRIDLINE_WEBHOOK_BACKOFF).
	Backoff time.Duration
	// RetryFor is how long an event is retried before it is marked failed
	// and waits for an admin's resend (GRIDLINE_WEBHOOK_RETRY_FOR, 24h).
	RetryFor time.Duration
	// Poll is how often the sender looks at the outbox when nothing woke it
	// (GRIDLINE_WEBHOOK_POLL): for events another instance recorded.
	Poll time.Duration
	// InFlight bounds the deliveries under way at once
	// (GRIDLINE_WEBHOOK_IN_FLIGHT), so dead endpoints cannot pile up
	// connections.
	InFlight int
	// Loopback allows endpoints on loopback addresses
	// (GRIDLINE_WEBHOOK_LOOPBACK=1): a relay on the same host, and tests.
	// Off, loopback and link-local addresses (cloud metadata services
	// included) are refused when an endpoint is added and when it is dialled;
	// private networks (a government intranet) are allowed.
	Loopback bool
}

func webhookDefaults() Webhook {
	return Webhook{
		Timeout:  10 * time.Second,
		Backoff:  15 * time.Second,
		RetryFor: 24 * time.Hour,
		Poll:     30 * time.Second,
		InFlight: 8,
	}
}

// loadWebhook reads the GRIDLINE_WEBHOOK_* variables over the defaults.
func (c *Config) loadWebhook(getenv func(string) string) error {
	w := &c.Webhook
	for _, d := range []struct {
		name, example string
		dst           *time.Duration
	}{
		{"GRIDLINE_WEBHOOK_TIMEOUT", "10s", &w.Timeout},
		{"GRIDLINE_WEBHOOK_BACKOFF", "15s", &w.Backoff},
		{"GRIDLINE_WEBHOOK_RETRY_FOR", "24h", &w.RetryFor},
		{"GRIDLINE_WEBHOOK_POLL", "30s", &w.Poll},
	} {
		if err := setDuration(d.dst, d.name, getenv(d.name), d.example, time.Millisecond); err != nil {
			return err
		}
	}
	if err := setInt(&w.InFlight, "GRIDLINE_WEBHOOK_IN_FLIGHT", getenv("GRIDLINE_WEBHOOK_IN_FLIGHT")); err != nil {
		return err
	}
	if w.InFlight < 1 {
		return fmt.Errorf("GRIDLINE_WEBHOOK_IN_FLIGHT: want at least 1")
	}
	switch v := getenv("GRIDLINE_WEBHOOK_LOOPBACK"); v {
	case "", "0", "false":
	case "1", "true":
		w.Loopback = true
	default:
		return fmt.Errorf("GRIDLINE_WEBHOOK_LOOPBACK: want 1 or 0, got %q", v)
	}
	return nil
}
