package server_test

import (
	"context"
	"net/http"
	"slices"
	"testing"
	"time"
)

// TestWebhookPayloadsShowNothingPrivate: a report with every private field
// filled with text that cannot turn up by chance goes round the whole loop;
// every event's body to an endpoint without --with-contact holds none of
// it, and the body to one with it holds the name and phone but nothing else
// private: not the location, the coordinates, notes, staff usernames, the
// assignee, the unit or the form token.
func TestWebhookPayloadsShowNothingPrivate(t *testing.T) {
	app := newTestApp(t)
	com := app.community("春和社区", "北山口镇")
	plain := newReceiver(t, func(int) int { return http.StatusNoContent })
	trusted := newReceiver(t, func(int) int { return http.StatusOK })
	app.hook(t, plain.URL, "plain-endpoint-secret", false)
	app.hook(t, trusted.URL, "trusted-endpoint-secret", true)
	app.startSender(t, testHooks(5*time.Second, time.Hour, 4))

	r, err := app.store.CreateReport(context.Background(), secretReport(t, com))
	if err != nil {
		t.Fatal(err)
	}
	secrets := secretsOf(t, r)
	contact := []string{r.Contact.Name, r.Contact.Phone}
	// submitted, accepted, dispatched, taken, resolved, rated: the note and
	// the publishing make none.
	const events = 6
	plain.waitAccepted(t, events, time.Minute)
	trusted.waitAccepted(t, events, time.Minute)

	attempts, _, _ := plain.snapshot()
	for _, a := range attempts {
		expectNone(t, string(a.body), secrets...)
		if decodeEvent(t, a.body).Contact != nil {
			t.Errorf("%s: a contact went to an endpoint without --with-contact", a.delivery)
		}
	}
	attempts, _, _ = trusted.snapshot()
	for _, a := range attempts {
		expectNone(t, string(a.body), slices.DeleteFunc(slices.Clone(secrets), func(s string) bool { return slices.Contains(contact, s) })...)
		c := decodeEvent(t, a.body).Contact
		if c == nil || c.Name != r.Contact.Name || c.Phone != r.Contact.Phone {
			t.Errorf("%s: contact %+v, want the resident's", a.delivery, c)
		}
	}
}
