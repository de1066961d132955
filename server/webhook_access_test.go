package server_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"gridline/webhook"
)

// The access matrix's webhook rows aim at one endpoint with one failed
// delivery, so that an admin's resend and remove each change something.
const accessHook = "accesshk"

// seedFailedHook adds the endpoint and moves a delivery for it aside as
// failed, as the sender does when retries run out.
func (a *testApp) seedFailedHook(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	now := time.Now()
	ep := webhook.Endpoint{ID: accessHook, URL: "https://hooks.example.org/access", Secret: "access-matrix-secret", CreatedAt: now}
	if err := a.store.AddWebhook(ctx, ep); err != nil {
		t.Fatal(err)
	}
	d := webhook.Delivery{ID: "ABCDEFGHJ-0-" + accessHook, Event: "ABCDEFGHJ-0", Type: "submitted", Report: "ABCDEFGHJ",
		Endpoint: accessHook, Body: []byte(`{}`), Created: now, Due: now, Attempts: 9}
	if err := a.store.DeliveryFailed(ctx, d, "answered 503"); err != nil {
		t.Fatal(err)
	}
}

// hookState is what the webhook pages could change, for accessWorld.state.
func (a *testApp) hookState(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	eps, err := a.store.Webhooks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	waiting, err := a.store.Outbox(ctx)
	if err != nil {
		t.Fatal(err)
	}
	failed, err := a.store.FailedDeliveries(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, ep := range eps {
		fmt.Fprintf(&b, " hook=%s/%s", ep.ID, ep.URL)
	}
	fmt.Fprintf(&b, " outbox=%d failed=%d", len(waiting), len(failed))
	return b.String()
}
