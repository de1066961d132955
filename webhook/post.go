package webhook

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"gridline/config"
)

// deliver makes one attempt of d and records how it went. An attempt cut
// off because the server is stopping is not recorded: its claim lapses and
// the next start tries again, so nothing is lost or marked failed by a
// restart.
func (s *Sender) deliver(ctx context.Context, d Delivery, ep Endpoint) {
	err := s.post(ctx, d, ep)
	if err != nil && ctx.Err() != nil {
		return
	}
	// The outcome is recorded even while stopping: an event the endpoint
	// took must not be sent again for want of a write.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if rerr := s.record(rctx, d, err); rerr != nil {
		s.log.Error("webhook record attempt", "delivery", d.ID, "err", rerr)
	}
}

// record removes a delivery the endpoint took, or schedules its next
// attempt, or marks it failed once RetryFor has passed since it was
// recorded; the last attempt falls at that moment. The view follows only
// a write that worked; otherwise the claim's lease stands, and the
// delivery is tried again when it lapses.
func (s *Sender) record(ctx context.Context, d Delivery, err error) error {
	if err == nil {
		return s.forget(d.ID, s.out.DeliveryDone(ctx, d.ID))
	}
	msg := err.Error()
	if len(msg) > 300 {
		msg = msg[:300]
	}
	now, end := s.out.Now(), d.Created.Add(s.cfg.RetryFor)
	if !now.Before(end) {
		s.log.Warn("webhook delivery failed", "delivery", d.ID, "endpoint", d.Endpoint, "attempts", d.Attempts, "err", msg)
		return s.forget(d.ID, s.out.DeliveryFailed(ctx, d, msg))
	}
	due := now.Add(Backoff(d.Attempts, s.cfg.Backoff, s.jitter()))
	if due.After(end) {
		due = end
	}
	if err := s.out.DeliveryRetry(ctx, d.ID, due, msg); err != nil {
		return err
	}
	d.Due, d.LastError = due, msg
	s.view.set(d)
	return nil
}

// forget drops a delivery from the view once the store no longer holds
// it waiting (err nil).
func (s *Sender) forget(id string, err error) error {
	if err == nil {
		s.view.remove(id)
	}
	return err
}

// post sends d to ep once: taken when the endpoint answers 2xx within the
// timeout; a redirect is not followed, and counts as refused.
func (s *Sender) post(ctx context.Context, d Delivery, ep Endpoint) error {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(d.Body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "Gridline-Webhook/1")
	req.Header.Set("X-Gridline-Event", d.Type)
	req.Header.Set("X-Gridline-Delivery", d.Event)
	req.Header.Set("X-Gridline-Signature", Sign(ep.Secret, d.Body))
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("answered %s", resp.Status)
	}
	return nil
}

// newClient is the sender's HTTP client: every phase bounded by the
// timeout, no proxy from the environment (the address check must see the
// endpoint's own address), and no redirects.
func newClient(cfg config.Webhook) *http.Client {
	dialer := &net.Dialer{Timeout: cfg.Timeout, Control: dialControl(cfg.Loopback)}
	return &http.Client{
		Timeout: cfg.Timeout,
		Transport: &http.Transport{
			DialContext:           dialer.DialContext,
			TLSHandshakeTimeout:   cfg.Timeout,
			ResponseHeaderTimeout: cfg.Timeout,
			MaxIdleConnsPerHost:   2,
			IdleConnTimeout:       90 * time.Second,
			ForceAttemptHTTP2:     true,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}
