package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"gridline/store"
	"gridline/webhook"
)

// TestDeliveryLifecycle: a claim counts an attempt and holds off a second
// claimer reading the same attempt; a failure moves the delivery aside
// (out of the outbox, into the failed list) and a resend brings it back
// with a fresh window; removing the endpoint removes what waits for it.
func TestDeliveryLifecycle(t *testing.T) {
	ctx := context.Background()
	st, _ := newOutboxStore(t)
	addEndpoints(t, st)
	r := createReport(t, st)
	ds, err := st.Outbox(ctx)
	if err != nil || len(ds) != 2 {
		t.Fatalf("outbox %d deliveries (%v), want 2", len(ds), err)
	}
	d := ds[slices.IndexFunc(ds, func(d webhook.Delivery) bool { return d.Endpoint == "plain" })]
	lease := st.Now().Add(time.Minute)
	for i, want := range []bool{true, false} { // the second claimer read attempt 0 too
		ok, err := st.ClaimDelivery(ctx, d, lease)
		if err != nil || ok != want {
			t.Fatalf("claim %d = %v, %v; want %v", i, ok, err, want)
		}
	}
	due := st.Now().Add(time.Hour)
	if err := st.DeliveryRetry(ctx, d.ID, due, "answered 503"); err != nil {
		t.Fatal(err)
	}
	ds, _ = st.Outbox(ctx)
	got := ds[slices.IndexFunc(ds, func(x webhook.Delivery) bool { return x.ID == d.ID })]
	if got.Attempts != 1 || !got.Due.Equal(due) || got.LastError != "answered 503" {
		t.Errorf("after a claim and a retry: attempts %d due %v error %q", got.Attempts, got.Due, got.LastError)
	}

	if err := st.DeliveryFailed(ctx, got, "answered 503"); err != nil {
		t.Fatal(err)
	}
	failed, err := st.FailedDeliveries(ctx)
	if err != nil || len(failed) != 1 || failed[0].ID != d.ID || failed[0].FailedAt.IsZero() || string(failed[0].Body) != string(d.Body) {
		t.Fatalf("failed deliveries %+v (%v), want %s with its body", failed, err, d.ID)
	}
	if ids := outboxIDs(t, st); slices.Contains(ids, d.ID) {
		t.Errorf("the failed delivery is still in the outbox: %q", ids)
	}
	checkResendAndRemove(t, st, d, r.ID)
}

// checkResendAndRemove resends the failed delivery d of endpoint "plain",
// then removes the endpoint: only report's delivery to "trust" is left.
func checkResendAndRemove(t *testing.T, st *store.Store, d webhook.Delivery, report string) {
	t.Helper()
	ctx := context.Background()
	n, err := st.ResendFailed(ctx, "plain")
	if err != nil || n != 1 {
		t.Fatalf("resend = %d, %v; want 1", n, err)
	}
	ds, _ := st.Outbox(ctx)
	back := ds[slices.IndexFunc(ds, func(x webhook.Delivery) bool { return x.ID == d.ID })]
	if back.Attempts != 0 || back.Due.After(st.Now()) || !back.Created.After(d.Created) {
		t.Errorf("resent: attempts %d due %v created %v, want a fresh start", back.Attempts, back.Due, back.Created)
	}
	if failed, _ := st.FailedDeliveries(ctx); len(failed) != 0 {
		t.Errorf("still failed after a resend: %d", len(failed))
	}

	if err := st.RemoveWebhook(ctx, "plain"); err != nil {
		t.Fatal(err)
	}
	if ids, want := outboxIDs(t, st), []string{report + "-0-trust"}; !slices.Equal(ids, want) {
		t.Errorf("after removing an endpoint the outbox holds %q, want %q", ids, want)
	}
	if err := st.RemoveWebhook(ctx, "plain"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("removing it again: %v, want ErrNotFound", err)
	}
}
