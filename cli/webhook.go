package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"gridline/auth"
	"gridline/store"
	"gridline/webhook"
)

const webhookUsage = `usage:
  gridline webhook add --url URL --secret SECRET [--with-contact]
                                   POST every change of a report to URL, signed with SECRET
                                   (16–200 characters); --with-contact sends the resident's
                                   name and phone too. The new endpoint's ID is the last line.
  gridline webhook list            every endpoint: ID, URL, contact, deliveries waiting and failed
  gridline webhook remove ID       stop sending to an endpoint, dropping what waits for it`

// Webhook runs "webhook add", "webhook list" and "webhook remove": the
// endpoints a city platform receives report events at. loopback allows
// endpoints on this host (config.Webhook.Loopback).
func Webhook(ctx context.Context, st *store.Store, loopback bool, zone *time.Location, args []string, stdout io.Writer) error {
	switch {
	case len(args) > 0 && args[0] == "add":
		return addWebhook(ctx, st, loopback, args[1:], stdout)
	case len(args) == 1 && args[0] == "list":
		return listWebhooks(ctx, st, zone, stdout)
	case len(args) == 2 && args[0] == "remove":
		return removeWebhook(ctx, st, args[1], stdout)
	}
	return errors.New(webhookUsage)
}

// addWebhook checks and stores an endpoint. The secret is not printed: it
// was typed, and it is never shown again.
func addWebhook(ctx context.Context, st *store.Store, loopback bool, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("webhook add", flag.ContinueOnError)
	url := fs.String("url", "", "where to POST events: an http:// or https:// URL")
	secret := fs.String("secret", "", "the key signing every body (X-Gridline-Signature), 16–200 characters")
	withContact := fs.Bool("with-contact", false, "send the resident's name and phone too")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return errors.New(webhookUsage)
	}
	ep, err := webhook.NewEndpoint(*url, *secret, *withContact, loopback, time.Now())
	if err != nil {
		return fmt.Errorf("webhook add: %w\n%s", err, webhookUsage)
	}
	if err := st.AddWebhook(ctx, ep); err != nil {
		return err
	}
	detail := ep.URL
	if ep.WithContact {
		detail += " with contact"
	}
	if err := st.Audit(ctx, auth.AuditEntry{Actor: cliActor, Action: "webhook.add", Target: ep.ID, Detail: detail}); err != nil {
		return fmt.Errorf("webhook add: the endpoint is added, but not in the audit log: %w", err)
	}
	fmt.Fprintf(stdout, "added webhook %s: every change of a report from now on is sent there\n%s\n", detail, ep.ID)
	return nil
}

// listWebhooks prints one line per endpoint, never its secret.
func listWebhooks(ctx context.Context, st *store.Store, zone *time.Location, stdout io.Writer) error {
	eps, err := st.Webhooks(ctx)
	if err != nil {
		return err
	}
	waiting, failed, err := deliveryCounts(ctx, st)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tURL\tCONTACT\tWAITING\tFAILED\tADDED")
	for _, ep := range eps {
		contact := "no"
		if ep.WithContact {
			contact = "yes"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%d\t%d\t%s\n", ep.ID, ep.URL, contact, waiting[ep.ID], failed[ep.ID],
			ep.CreatedAt.In(zone).Format("2006-01-02 15:04"))
	}
	return w.Flush()
}

// deliveryCounts counts the deliveries waiting and failed per endpoint.
func deliveryCounts(ctx context.Context, st *store.Store) (waiting, failed map[string]int, err error) {
	waiting, failed = map[string]int{}, map[string]int{}
	ds, err := st.Outbox(ctx)
	if err != nil {
		return nil, nil, err
	}
	for _, d := range ds {
		waiting[d.Endpoint]++
	}
	if ds, err = st.FailedDeliveries(ctx); err != nil {
		return nil, nil, err
	}
	for _, d := range ds {
		failed[d.Endpoint]++
	}
	return waiting, failed, nil
}

func removeWebhook(ctx context.Context, st *store.Store, id string, stdout io.Writer) error {
	id = strings.TrimSpace(id)
	if err := st.RemoveWebhook(ctx, id); errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("webhook remove: no endpoint has the ID %q (see gridline webhook list)", id)
	} else if err != nil {
		return err
	}
	if err := st.Audit(ctx, auth.AuditEntry{Actor: cliActor, Action: "webhook.remove", Target: id, Detail: "command line"}); err != nil {
		return fmt.Errorf("webhook remove: the endpoint is removed, but not in the audit log: %w", err)
	}
	fmt.Fprintf(stdout, "removed webhook %s\n", id)
	return nil
}
