package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"gridline/webhook"
)

// BenchmarkOutboxRead reads an outbox holding a day of a busy district's
// events for an endpoint that was down all day (5,000 deliveries with
// bodies of a typical size): what the sender reads at most once per wake-up
// in the worst case. The outbox is only what waits, so this is its bound.
func BenchmarkOutboxRead(b *testing.B) {
	ctx := context.Background()
	st, db := newOutboxStore(b)
	body := []byte(`{"report":{"description":"` + strings.Repeat("路灯不亮", 60) + `"}}`)
	now := time.Now()
	docs := make([]any, 0, 5000)
	for i := range 5000 {
		event := fmt.Sprintf("R%08d-0", i)
		docs = append(docs, webhook.Delivery{ID: event + "-ep", Event: event, Type: "submitted", Report: event[:9],
			Endpoint: "ep", Body: body, Created: now, Due: now.Add(time.Hour), Attempts: 3, LastError: "answered 503"})
	}
	if _, err := db.Collection("outbox").InsertMany(ctx, docs); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		ds, err := st.Outbox(ctx)
		if err != nil || len(ds) != 5000 {
			b.Fatalf("%d deliveries, %v", len(ds), err)
		}
	}
}
