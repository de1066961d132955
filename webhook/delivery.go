package webhook

import (
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"time"

	"gridline/report"
)

// Delivery is one event on its way to one endpoint: an entry of the store's
// outbox while it waits, removed once the endpoint took it, or kept aside
// as failed when RetryFor passed first. Its body is made once, when the
// event is recorded, so every retry sends the same bytes.
type Delivery struct {
	ID        string    `bson:"_id"`   // Event + "-" + Endpoint: the same however often it is derived
	Event     string    `bson:"event"` // EventID: X-Gridline-Delivery
	Type      string    `bson:"type"`  // X-Gridline-Event
	Report    string    `bson:"report"`
	Seq       int       `bson:"seq"` // the entry's index on the timeline: the order per report
	Endpoint  string    `bson:"endpoint"`
	Body      []byte    `bson:"body"`
	Created   time.Time `bson:"created"` // recorded, or resent: retries end RetryFor after it
	Due       time.Time `bson:"due"`     // the next attempt, or while one is under way the end of its lease
	Attempts  int       `bson:"attempts"`
	LastError string    `bson:"last_error,omitempty"`
	FailedAt  time.Time `bson:"failed_at,omitempty"`
}

// Deliveries are what the timeline entries from index from on make for the
// endpoints, due now, in timeline order. The store calls it with the part
// of a report's timeline a change added (or that a crash left underived).
func Deliveries(r report.Report, from int, eps []Endpoint, baseURL string, now time.Time) ([]Delivery, error) {
	var out []Delivery
	for i := max(from, 0); i < len(r.Timeline) && len(eps) > 0; i++ {
		typ, ok := TypeOf(r.Timeline[i])
		if !ok {
			continue
		}
		bodies := map[bool][]byte{}
		for _, ep := range eps {
			body, ok := bodies[ep.WithContact]
			if !ok {
				var err error
				if body, err = Body(r, i, ep.WithContact, baseURL); err != nil {
					return nil, err
				}
				bodies[ep.WithContact] = body
			}
			event := EventID(r.ID, i)
			out = append(out, Delivery{
				ID: event + "-" + ep.ID, Event: event, Type: typ, Report: r.ID, Seq: i,
				Endpoint: ep.ID, Body: body, Created: now, Due: now,
			})
		}
	}
	return out, nil
}

// Stream names what deliveries keep their order within: one report's
// events to one endpoint. An endpoint that is down holds up only its own.
func (d Delivery) Stream() string { return d.Report + "/" + d.Endpoint }

// Heads are the deliveries that may go next: of each stream, the one of the
// earliest timeline entry, since a later event waits until the one before
// was taken or marked failed. They come earliest due first.
func Heads(ds []Delivery) []Delivery {
	first := map[string]Delivery{}
	for _, d := range ds {
		if h, ok := first[d.Stream()]; !ok || d.Seq < h.Seq {
			first[d.Stream()] = d
		}
	}
	out := make([]Delivery, 0, len(first))
	for _, d := range first {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b Delivery) int { return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.ID, b.ID)) })
	return out
}

// maxBackoff caps the wait between two attempts, so an endpoint that comes
// back is tried again within the hour.
const maxBackoff = time.Hour

// Backoff is the wait after the attempts-th failed attempt: base, doubled
// for each attempt before, capped at an hour (or base, if longer), then
// jittered into its upper half by jitter in [0, 1), so that the events a
// dead endpoint refused do not all come back at the same moment.
func Backoff(attempts int, base time.Duration, jitter float64) time.Duration {
	d, limit := base, max(maxBackoff, base)
	for i := 1; i < attempts && d < limit; i++ {
		d *= 2
	}
	d = min(d, limit)
	return d/2 + time.Duration(float64(d/2)*jitter)
}

// Sign is the X-Gridline-Signature of body: "sha256=" and the hex HMAC-SHA256
// of the raw body keyed with the endpoint's secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}
