package server

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"gridline/store"
	"gridline/webhook"
)

// hookRow is one endpoint as the webhook page lists it: never its secret.
type hookRow struct {
	Endpoint webhook.Endpoint
	Waiting  int
	Failed   []webhook.Delivery // the latest first, at most shownFailures
	Failures int                // all of them
}

// shownFailures bounds the failed deliveries listed per endpoint; the
// count says how many there are, and resending takes them all.
const shownFailures = 20

// showWebhooks lists the endpoints with what waits for each and what failed.
func (s *Server) showWebhooks(c *gin.Context) error {
	return s.renderWebhooks(c, http.StatusOK, gin.H{})
}

func (s *Server) renderWebhooks(c *gin.Context, status int, data gin.H) error {
	eps, err := s.hooks.Webhooks(c)
	if err != nil {
		return err
	}
	waiting, err := s.hooks.Outbox(c)
	if err != nil {
		return err
	}
	failed, err := s.hooks.FailedDeliveries(c) // the latest failure first
	if err != nil {
		return err
	}
	rows := make([]hookRow, len(eps))
	at := map[string]int{}
	for i, ep := range eps {
		rows[i].Endpoint, at[ep.ID] = ep, i
	}
	for _, d := range waiting {
		if i, ok := at[d.Endpoint]; ok {
			rows[i].Waiting++
		}
	}
	for _, d := range failed {
		if i, ok := at[d.Endpoint]; ok {
			if rows[i].Failures++; rows[i].Failures <= shownFailures {
				rows[i].Failed = append(rows[i].Failed, d)
			}
		}
	}
	data["Hooks"] = rows
	return s.renderStaff(c, status, "admin_webhooks", data)
}

// addWebhook adds an endpoint. A refused one re-renders the page with the
// URL kept, and never the secret.
func (s *Server) addWebhook(c *gin.Context) error {
	url, withContact := c.PostForm("url"), c.PostForm("contact") == "1"
	ep, err := webhook.NewEndpoint(url, c.PostForm("secret"), withContact, s.Config.Webhook.Loopback, s.now())
	var msg string
	switch {
	case errors.Is(err, webhook.ErrURL):
		msg = "webhook.url_invalid"
	case errors.Is(err, webhook.ErrAddress):
		msg = "webhook.address_refused"
	case errors.Is(err, webhook.ErrSecret):
		msg = "webhook.secret_invalid"
	case err != nil:
		return err
	}
	if msg != "" {
		return s.renderWebhooks(c, http.StatusUnprocessableEntity, gin.H{"Error": msg, "URL": url, "Contact": withContact})
	}
	if err := s.hooks.AddWebhook(c, ep); err != nil {
		return err
	}
	detail := ep.URL
	if ep.WithContact {
		detail += " with contact"
	}
	s.audit(c, staff(c).Username, "webhook.add", ep.ID, detail)
	c.Redirect(http.StatusSeeOther, "/admin/webhooks")
	return nil
}

// removeWebhook removes an endpoint and what waits for it.
func (s *Server) removeWebhook(c *gin.Context) error {
	id := c.Param("hook")
	err := s.hooks.RemoveWebhook(c, id)
	if errors.Is(err, store.ErrNotFound) {
		return errNotFound()
	}
	if err != nil {
		return err
	}
	s.audit(c, staff(c).Username, "webhook.remove", id, "")
	c.Redirect(http.StatusSeeOther, "/admin/webhooks")
	return nil
}

// resendWebhook puts an endpoint's failed deliveries back in the outbox.
func (s *Server) resendWebhook(c *gin.Context) error {
	id := c.Param("hook")
	eps, err := s.hooks.Webhooks(c)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(eps, func(ep webhook.Endpoint) bool { return ep.ID == id }) {
		return errNotFound()
	}
	n, err := s.hooks.ResendFailed(c, id)
	if err != nil {
		return err
	}
	s.audit(c, staff(c).Username, "webhook.resend", id, strconv.Itoa(n))
	c.Redirect(http.StatusSeeOther, "/admin/webhooks")
	return nil
}
